using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Training;

namespace LowRankMlip.Cli.Commands;

/// <summary>
/// Console side of a training run (train and compress): Ctrl-C and SIGTERM cancel it (the verb still saves),
/// one progress line per iteration, the CSV loss curve, and the training-set loader.
/// </summary>
internal sealed class TrainingConsole : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly PosixSignalRegistration _onTerm;

    private readonly TextWriter _stderr;
    private readonly List<IterationRecord> _history = [];

    public TrainingConsole(string verb, TextWriter stderr)
    {
        _stderr = stderr;
        _onCancel = (_, e) => { e.Cancel = true; _cancel.Cancel(); stderr.WriteLine($"\n{verb}: interrupted, saving the current potential …"); };
        Console.CancelKeyPress += _onCancel;
        // Batch systems stop jobs with SIGTERM: treat it like Ctrl-C (save and report).
        _onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            _cancel.Cancel();
            stderr.WriteLine($"\n{verb}: terminated, saving the current potential …");
        });
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _onCancel;
        _onTerm.Dispose();
        _cancel.Dispose();
    }

    /// <summary>Per iteration: the progress line on stderr, and the CSV loss curve rewritten every 25 iterations.</summary>
    public Action<IterationRecord> Progress(string logPath) => r =>
    {
        _history.Add(r);
        _stderr.WriteLine(FormatProgress(r));
        if (r.Iteration % 25 == 0) WriteLog(logPath, _history);
    };

    public static string FormatProgress(IterationRecord r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"iter {r.Iteration,5}  loss {r.Loss:E4}  train E {1000 * r.TrainEnergyRmsePerAtom:F3} meV/atom F {r.TrainForceRmse:F4} eV/Å");
        if (r.ValidEnergyRmsePerAtom is double ve) sb.Append(inv, $"  valid E {1000 * ve:F3} F {r.ValidForceRmse:F4}");
        sb.Append(inv, $"  {r.ElapsedSeconds:F1} s  {r.Iteration / Math.Max(1e-9, r.ElapsedSeconds):F2} it/s");
        return sb.ToString();
    }

    public static void WriteLog(string path, IReadOnlyList<IterationRecord> history)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("iteration,evaluations,loss,train_energy_rmse_mev_per_atom,train_force_rmse,valid_energy_rmse_mev_per_atom,valid_force_rmse,elapsed_s\n");
        foreach (var r in history)
            sb.Append(inv, $"{r.Iteration},{r.Evaluations},{r.Loss:R},{1000 * r.TrainEnergyRmsePerAtom:R},{r.TrainForceRmse:R},{(r.ValidEnergyRmsePerAtom is double v ? (1000 * v).ToString("R", inv) : "")},{r.ValidForceRmse?.ToString("R", inv) ?? ""},{r.ElapsedSeconds:F3}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a whole data set, mapping element names onto the potential's species (a template with --species: element k becomes type k).</summary>
    public static List<Configuration> Load(string path, MtpPotential potential, string[]? species)
    {
        var list = new List<Configuration>();
        var templateMap = !potential.IsTrained && species is not null ? new SpeciesMap(species) : null;
        int index = 0;
        foreach (var c in ConfigurationFiles.Read(path))
        {
            if (potential.IsTrained) SpeciesResolver.Apply(c, potential, species, index);
            else templateMap?.Apply(c, index + 1);
            list.Add(c);
            index++;
        }
        if (list.Count == 0) throw new InputFormatException(path, 0, "no configurations");
        return list;
    }

    /// <summary>MLIP-3 error reports of the final potential on the training and validation sets.</summary>
    public static void PrintErrors(TextWriter stdout, MtpPotential potential, List<Configuration> training, List<Configuration>? validation, int threads)
    {
        var evaluator = new MtpEvaluator(potential);
        stdout.WriteLine("* * * TRAIN ERRORS * * *");
        stdout.Write(CalcErrorsCommand.Compute(evaluator, training, threads).FormatMlipReport());
        if (validation is null) return;
        stdout.WriteLine("* * * VALIDATION ERRORS * * *");
        stdout.Write(CalcErrorsCommand.Compute(evaluator, validation, threads).FormatMlipReport());
    }
}
