using System.Globalization;
using LowRankMlip.Experiments.Definition;
using LowRankMlip.Experiments.Output;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Experiments.Running;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip experiment: runs an accuracy-versus-compression grid from scripts/experiments/NAME.json (issue 5 §4).</summary>
public sealed class ExperimentCommand : ICommand
{
    public string Name => "experiment";
    public string Summary => "run an accuracy-versus-compression grid (tables, plot, manifest); resumes";
    public IReadOnlySet<string> Flags => new HashSet<string> { "list", "summary" };

    private const string Usage = "lrmlip experiment DEFINITION.json [--profile quick|full] [--out DIR] [--data DIR] [--threads N] [--list] [--KEY:PATH=VALUE …]\n" +
        "       lrmlip experiment --summary [--results DIR]";

    public string Help => $"""
        usage: {Usage}

        Runs the grid of an experiment definition (scripts/experiments/*.json): starts (a template to train, or a
        published potential) × methods (full, svd, mf, rmf, tucker, tt, mfra) × views × ranks × seeds, with the
        profile's subsample and limits. Each finished cell is saved at once (OUT/cells/KEY.json and its potential
        under OUT/potentials), so a rerun skips finished cells, and an interrupted cell resumes from its checkpoint
        (OUT/checkpoints). Ctrl-C or SIGTERM stops after saving; the tables then hold the finished cells.

        Writes to OUT (default results/NAME for the full profile, results/NAME/PROFILE otherwise):
          table.csv, table.md   one row per method, level, rank and view, mean ± sample std over seeds
          table.json, cells.csv  the same as numbers; one row per cell
          errors-vs-params.png  test energy and force RMSE against the total parameter count, one series per method
          manifest.json         commit, machine, .NET, SIMD path, data checksums, the resolved configuration

          --profile P            quick (minutes, CI) or full (the real table); default quick
          --out DIR              output folder
          --data DIR             data root (also Data:Root in the definition, or LRMLIP_DATA); default reference-data/external
          --threads N            worker threads per cell (default: all cores)
          --list                 print the cells with their parameter counts and exit
          --KEY:PATH=VALUE       override any setting of the definition, e.g. --Profiles:quick:IterationLimit=20,
                                 --Profiles:quick:Methods=full,rmf, --Data:Verify=false
          --summary              regenerate the headline tables of RESULTS/README.md (--results DIR, default results)

        Missing data stop with the dataset's name and the command that fetches it (scripts/fetch-data.sh).

        example: lrmlip experiment scripts/experiments/mo.json --profile quick
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Flag("summary"))
        {
            var results = args.Get("results") ?? "results";
            args.Validate(0, 0, Usage);
            stdout.WriteLine($"wrote {ResultsSummary.Update(results)}");
            return 0;
        }
        var overrides = args.TakeAll(name => name.Contains(':')).Select(o => $"--{o.Key}={o.Value}").ToList();
        foreach (var name in new[] { "profile", "out", "data", "threads" })
            if (args.Get(name) is { } value) overrides.Add($"--{name}={value}");
        bool list = args.Flag("list");
        args.Validate(1, 1, Usage);
        var definition = args.Positional[0];

        var configuration = ExperimentConfiguration.Build(definition, overrides);
        var plan = PlanBuilder.Build(ExperimentConfiguration.Bind(configuration), definition);
        if (list)
        {
            PrintCells(plan, stdout);
            return 0;
        }
        var resolved = ExperimentConfiguration.Flatten(configuration);
        using var console = new TrainingConsole(Name, stderr);
        var progress = new TextProgress(stderr, interactive: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
        var result = new ExperimentRunner(plan, progress, resolved).Run(console.Token);
        stdout.Write(TableWriter.Markdown(result.Summary));
        if (result.Cancelled) stderr.WriteLine($"experiment: interrupted; {result.Summary.Cells.Count} of {plan.Cells.Count} cells finished, rerun to resume");
        return result.Cancelled ? 130 : 0;
    }

    private static void PrintCells(ExperimentPlan plan, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{plan.Name} [{plan.Profile}]: {plan.Cells.Count} cells, {plan.StandInLabel} → {plan.OutputDirectory}");
        stdout.WriteLine("  #  cell                                      radial   total  radial %  total %");
        for (int k = 0; k < plan.Cells.Count; k++)
        {
            var c = plan.Cells[k];
            var n = CellCounts.Of(c);
            stdout.WriteLine(string.Create(inv, $"{k + 1,3}  {c.Describe(),-40} {n.Radial,7} {n.Total,7} {n.RadialCompressionPercent,8:F1} {n.TotalCompressionPercent,8:F1}"));
        }
    }
}
