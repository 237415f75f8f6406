using System.Text.Json;
using LowRankMlip.Mtp;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip calc-errors: MLIP-3's error report of a potential on a labelled data set.</summary>
public sealed class CalcErrorsCommand : ICommand
{
    public string Name => "calc-errors";
    public string Summary => "error report (energy, forces, stresses) of a potential on a labelled data set";
    public IReadOnlySet<string> Flags => new HashSet<string> { "json" };
    public string Help => $"""
        usage: lrmlip calc-errors POT DATA [--threads N] [--species A,B,…] [--json] [--kernel PATH]

        Compares the predictions of POT (MTP, or ACE .yace) with the labels of DATA (.cfg, extended
        XYZ or maml JSON) and prints MLIP-3's check_errors report: energy, energy per atom, forces (per-atom Euclidean norm of
        the difference), stresses (Frobenius norm of the 3×3 virial difference, eV) and virial stresses
        (GPa). A configuration contributes to a term only when it carries that label.

        With --json, prints one JSON object instead, with keys configurations, atoms,
        energy_rmse_per_atom, energy_mae_per_atom (eV/atom), force_rmse_component,
        force_mae_component, force_rmse_vector (eV/Å) and stress_rmse_component (eV, per component
        of the 3×3 virial).

        {CommonOptions.ThreadsHelp}
        {CommonOptions.SpeciesHelp}
        {CommonOptions.KernelHelp}

        example: lrmlip calc-errors fitted.mtp test.json --json
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        int threads = CommonOptions.Threads(args);
        var species = CommonOptions.Species(args);
        bool json = args.Flag("json");
        var kernel = CommonOptions.Kernel(args);
        args.Validate(2, 2, "lrmlip calc-errors POT DATA [--threads N] [--species A,B,…] [--json] [--kernel PATH]");
        var model = CommonOptions.LoadModel(args.Positional[0], kernel, species);
        var stats = Compute(model.Evaluator, model.Read(args.Positional[1]), threads);
        stdout.Write(json ? FormatJson(stats) + "\n" : stats.FormatMlipReport());
        return 0;
    }

    public static ErrorStatistics Compute(IConfigurationEvaluator evaluator, IEnumerable<Configuration> data, int threads) =>
        Experiments.Running.ErrorEvaluation.Compute(evaluator, data, threads);

    public static string FormatJson(ErrorStatistics s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("configurations", s.Configurations);
            w.WriteNumber("atoms", s.Atoms);
            w.WriteNumber("energy_rmse_per_atom", s.EnergyRmsePerAtom);
            w.WriteNumber("energy_mae_per_atom", s.EnergyMaePerAtom);
            w.WriteNumber("force_rmse_component", s.ForceRmseComponent);
            w.WriteNumber("force_mae_component", s.ForceMaeComponent);
            w.WriteNumber("force_rmse_vector", s.ForceRmseVector);
            w.WriteNumber("stress_rmse_component", s.StressRmseComponent);
            w.WriteNumber("energy_labels", s.EnergyCount);
            w.WriteNumber("force_labels", s.ForceCount);
            w.WriteNumber("stress_labels", s.StressCount);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
