using System.Diagnostics;
using System.Globalization;
using System.Text;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;
using LowRankMlip.Training;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip train: fit an MTP (template or trained) to labelled data.</summary>
public sealed class TrainCommand : ICommand
{
    public string Name => "train";
    public string Summary => "fit an MTP from a template (or continue a trained one) to energies, forces and stresses";
    public IReadOnlySet<string> Flags => new HashSet<string> { "resume", "no-mindist-update", "no-rescale", "scale-hessian", "no-precondition", "joint" };

    private const string Usage = "lrmlip train POT TRAIN --save-to OUT [--valid VALID] [--energy-weight 1] [--force-weight 0.01] [--stress-weight 0.001] " +
        "[--weight-scaling 1] [--weight-scaling-forces 0] [--scale-by-force 0] [--iteration-limit 1000] [--tolerance 1e-3] [--max-time S] " +
        "[--seed N] [--threads N] [--species A,B,…] [--checkpoint FILE] [--resume] [--log FILE.csv] [--memory M] [--scale-hessian] [--no-precondition] [--joint]";

    public string Help => $"""
        usage: {Usage}

        Trains the MTP POT (an untrained template such as untrained_mtps/16.almtp, or a trained .mtp to
        continue from) on TRAIN (.cfg, extended XYZ or maml JSON) and writes the result to OUT as an MLIP
        .mtp that MLIP-3 and LAMMPS load. The loss is MLIP-3's (energy, force and stress terms with the
        weights below, radial penalty); the gradient is exact. By default the optimizer is variable
        projection: dense BFGS (strong-Wolfe line search) on the radial coefficients, with the species and
        moment coefficients solved exactly at every evaluation; --joint runs MLIP's joint quasi-Newton on all
        parameters with linear re-solves at MLIP's schedule. MLIP's scaling search runs at the start, at the
        schedule points (25, 70, 100, 150, 250, 400) and at the end. A template first gets its species from TRAIN and
        min_dist = 0.99 × the smallest training distance.

        Progress: one line per iteration on stderr (iteration, loss, train and validation RMSE of energy
        per atom and force component, elapsed, iterations/s). Ctrl-C, SIGTERM, --max-time or the iteration limit
        end training and still save OUT; --checkpoint FILE saves FILE (+ FILE.state.json) every 25
        iterations and --resume continues from it. The loss curve goes to --log (CSV; default OUT.log.csv).
        At the end, MLIP-3 error reports of OUT on TRAIN and VALID are printed.

          --valid VALID              validation set (never used for fitting)
          --energy-weight W          weight of energy residuals (default 1)
          --force-weight W           weight of force residuals (default 0.01)
          --stress-weight W          weight of virial residuals (default 0.001)
          --weight-scaling E         energy weight divided by N^E (default 1)
          --weight-scaling-forces E  force weight divided by N^E (default 0)
          --scale-by-force EPS       per-atom force weight × EPS/(|F|²+EPS) (default 0: off)
          --iteration-limit N        quasi-Newton iterations (default 1000)
          --tolerance T              stop when the loss falls by less than T (relative) over 50 iterations (default 1e-3)
          --max-time S               stop after S seconds (the result is saved)
          --seed N                   random initialization of a template (default: MLIP-3's deterministic one)
          --no-mindist-update        keep the template's min_dist
          --no-rescale               skip the scaling search
          --joint                    MLIP's joint quasi-Newton on all parameters instead of the default variable projection
                                     (BFGS on the radial coefficients, [ξ | θ] solved exactly at every evaluation)
          --no-precondition          dense BFGS: start from I (or γI with --scale-hessian) instead of the block-diagonal estimate
          --scale-hessian            dense BFGS: start from γI, γ = sᵀy/yᵀy, instead of I (fewer evaluations on large bases)
          --memory M                 L-BFGS memory; 0 = dense BFGS (default: dense up to 4000 parameters, else 20)
        {CommonOptions.ThreadsHelp}
        {CommonOptions.SpeciesHelp}

        example: lrmlip train untrained_mtps/10.almtp train.cfg --save-to pot.mtp --valid test.cfg --iteration-limit 300
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        double D(string name, double def)
        {
            var s = args.Get(name);
            if (s is null) return def;
            return double.TryParse(s, NumberStyles.Float, inv, out var v) && double.IsFinite(v) && v >= 0 ? v
                : throw new UsageException($"--{name} expects a non-negative number, got '{s}'");
        }
        var weights = new LossWeights
        {
            EnergyWeight = D("energy-weight", 1), ForceWeight = D("force-weight", 0.01), StressWeight = D("stress-weight", 0.001),
            WeightScaling = D("weight-scaling", 1), WeightScalingForces = D("weight-scaling-forces", 0), ScaleByForce = D("scale-by-force", 0),
        };
        var saveTo = args.Get("save-to") ?? throw new UsageException($"--save-to OUT is required\nusage: {Usage}");
        var valid = args.Get("valid");
        int limit = args.GetInt("iteration-limit", 1000, min: 0);
        double tolerance = D("tolerance", 1e-3);
        double maxTime = D("max-time", 0);
        var seedText = args.Get("seed");
        int? seed = seedText is null ? null : int.TryParse(seedText, NumberStyles.Integer, inv, out var sd) ? sd : throw new UsageException($"--seed expects an integer, got '{seedText}'");
        int threads = CommonOptions.Threads(args);
        var species = CommonOptions.Species(args);
        var checkpoint = args.Get("checkpoint");
        bool resume = args.Flag("resume");
        bool noMinDist = args.Flag("no-mindist-update");
        bool noRescale = args.Flag("no-rescale");
        bool scaleHessian = args.Flag("scale-hessian");
        bool noPrecondition = args.Flag("no-precondition");
        bool joint = args.Flag("joint");
        int? memory = args.Get("memory") is null ? null : args.GetInt("memory", 0, min: 0);
        var logPath = args.Get("log") ?? saveTo + ".log.csv";
        args.Validate(2, 2, Usage);
        if (resume && checkpoint is null) throw new UsageException("--resume needs --checkpoint FILE");

        var potential = MtpFile.Read(args.Positional[0]);
        var training = Load(args.Positional[1], potential, species);
        var validation = valid is null ? null : Load(valid, potential, species);
        stderr.WriteLine($"train: {training.Count} training configurations ({training.Sum(c => c.AtomCount)} atoms)" +
            (validation is null ? "" : $", {validation.Count} validation configurations") + $", level {potential.Level}, {threads} threads");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); stderr.WriteLine("\ntrain: interrupted, saving the current potential …"); };
        Console.CancelKeyPress += onCancel;
        // Batch systems stop jobs with SIGTERM: treat it like Ctrl-C (save and report).
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cancel.Cancel();
            stderr.WriteLine("\ntrain: terminated, saving the current potential …");
        });
        var clock = Stopwatch.StartNew();
        var history = new List<IterationRecord>();
        var trainer = new Trainer(new TrainerOptions
        {
            Weights = weights, IterationLimit = limit, Tolerance = tolerance, MaxTime = maxTime > 0 ? TimeSpan.FromSeconds(maxTime) : null,
            Seed = seed, Threads = threads, UpdateMinDist = !noMinDist, Memory = memory, Rescale = !noRescale,
            CheckpointPath = checkpoint, Resume = resume, ScaleInitialHessian = scaleHessian, Precondition = !noPrecondition, VariableProjection = !joint,
        })
        {
            OnIteration = r =>
            {
                history.Add(r);
                stderr.WriteLine(FormatProgress(r));
                if (r.Iteration % 25 == 0) WriteLog(logPath, history);
            },
            OnMessage = m => stderr.WriteLine($"train: {m}"),
        };
        TrainingResult result;
        try { result = trainer.Run(potential, training, validation, cancel.Token); }
        finally { Console.CancelKeyPress -= onCancel; }
        MtpFile.Write(saveTo, result.Potential);
        WriteLog(logPath, result.History);
        stderr.WriteLine($"train: {result.Reason} after {result.Iterations} iterations, {result.Evaluations} loss evaluations, {clock.Elapsed.TotalSeconds:F1} s; loss {result.Loss:E4}; saved {saveTo}");

        var evaluator = new MtpEvaluator(result.Potential);
        stdout.WriteLine("* * * TRAIN ERRORS * * *");
        stdout.Write(CalcErrorsCommand.Compute(evaluator, training, threads).FormatMlipReport());
        if (validation is not null)
        {
            stdout.WriteLine("* * * VALIDATION ERRORS * * *");
            stdout.Write(CalcErrorsCommand.Compute(evaluator, validation, threads).FormatMlipReport());
        }
        return result.Reason == Training.Optimization.ExitReason.Cancelled ? 130 : 0;
    }

    private static List<Configuration> Load(string path, MtpPotential potential, string[]? species)
    {
        var list = new List<Configuration>();
        // A template with --species: element k of the list becomes type k (the species of the data set).
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

    public static string FormatProgress(IterationRecord r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"iter {r.Iteration,5}  loss {r.Loss:E4}  train E {1000 * r.TrainEnergyRmsePerAtom:F3} meV/atom F {r.TrainForceRmse:F4} eV/Å");
        if (r.ValidEnergyRmsePerAtom is double ve) sb.Append(inv, $"  valid E {1000 * ve:F3} F {r.ValidForceRmse:F4}");
        sb.Append(inv, $"  {r.ElapsedSeconds:F1} s  {r.Iteration / Math.Max(1e-9, r.ElapsedSeconds):F2} it/s");
        return sb.ToString();
    }

    private static void WriteLog(string path, IReadOnlyList<IterationRecord> history)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("iteration,evaluations,loss,train_energy_rmse_mev_per_atom,train_force_rmse,valid_energy_rmse_mev_per_atom,valid_force_rmse,elapsed_s\n");
        foreach (var r in history)
            sb.Append(inv, $"{r.Iteration},{r.Evaluations},{r.Loss:R},{1000 * r.TrainEnergyRmsePerAtom:R},{r.TrainForceRmse:R},{(r.ValidEnergyRmsePerAtom is double v ? (1000 * v).ToString("R", inv) : "")},{r.ValidForceRmse?.ToString("R", inv) ?? ""},{r.ElapsedSeconds:F3}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
