using System.Globalization;
using LowRankMlip.Training;

namespace LowRankMlip.Cli.Commands;

/// <summary>The options train and compress share: loss weights, limits, threads, checkpoints, logging.</summary>
internal sealed record TrainingArguments(TrainerOptions Options, string SaveTo, string? Valid, string LogPath, string[]? Species)
{
    public static readonly string[] FlagNames = ["resume", "no-mindist-update", "no-rescale"];

    public const string UsageOptions = "[--valid VALID] [--energy-weight 1] [--force-weight 0.01] [--stress-weight 0.001] " +
        "[--weight-scaling 1] [--weight-scaling-forces 0] [--scale-by-force 0] [--iteration-limit 1000] [--tolerance 1e-3] [--max-time S] " +
        "[--seed N] [--threads N] [--species A,B,…] [--checkpoint FILE] [--resume] [--log FILE.csv] [--memory M]";

    public const string Help = """
      --valid VALID              validation set (never used for fitting)
      --energy-weight W          weight of energy residuals (default 1)
      --force-weight W           weight of force residuals (default 0.01)
      --stress-weight W          weight of virial residuals (default 0.001)
      --weight-scaling E         energy weight divided by N^E (default 1)
      --weight-scaling-forces E  force weight divided by N^E (default 0)
      --scale-by-force EPS       per-atom force weight × EPS/(|F|²+EPS) (default 0: off)
      --iteration-limit N        optimizer iterations (default 1000)
      --tolerance T              stop when the loss falls by less than T (relative) over 50 iterations (default 1e-3)
      --max-time S               stop after S seconds (the result is saved)
      --seed N                   random initialization of a template (default: MLIP-3's deterministic one)
      --no-mindist-update        keep the template's min_dist
      --no-rescale               skip the scaling search
      --checkpoint FILE          save FILE (+ FILE.state.json) every 25 iterations; --resume continues from it
      --log FILE.csv             loss curve (default OUT.log.csv)
      --memory M                 L-BFGS memory; 0 = dense BFGS
    """;

    /// <summary>Parses the shared options; <paramref name="configure"/> adds the verb's own settings.</summary>
    public static TrainingArguments Parse(CliArguments args, string usage)
    {
        var weights = new LossWeights
        {
            EnergyWeight = NonNegative(args, "energy-weight", 1), ForceWeight = NonNegative(args, "force-weight", 0.01),
            StressWeight = NonNegative(args, "stress-weight", 0.001), WeightScaling = NonNegative(args, "weight-scaling", 1),
            WeightScalingForces = NonNegative(args, "weight-scaling-forces", 0), ScaleByForce = NonNegative(args, "scale-by-force", 0),
        };
        var saveTo = args.Get("save-to") ?? throw new UsageException($"--save-to OUT is required\nusage: {usage}");
        double maxTime = NonNegative(args, "max-time", 0);
        var seedText = args.Get("seed");
        int? seed = seedText is null ? null
            : int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sd) ? sd
            : throw new UsageException($"--seed expects an integer, got '{seedText}'");
        var checkpoint = args.Get("checkpoint");
        bool resume = args.Flag("resume");
        if (resume && checkpoint is null) throw new UsageException("--resume needs --checkpoint FILE");
        var options = new TrainerOptions
        {
            Weights = weights,
            IterationLimit = args.GetInt("iteration-limit", 1000, min: 0),
            Tolerance = NonNegative(args, "tolerance", 1e-3),
            MaxTime = maxTime > 0 ? TimeSpan.FromSeconds(maxTime) : null,
            Seed = seed,
            Threads = CommonOptions.Threads(args),
            UpdateMinDist = !args.Flag("no-mindist-update"),
            Memory = args.Get("memory") is null ? null : args.GetInt("memory", 0, min: 0),
            Rescale = !args.Flag("no-rescale"),
            CheckpointPath = checkpoint,
            Resume = resume,
        };
        return new TrainingArguments(options, saveTo, args.Get("valid"), args.Get("log") ?? saveTo + ".log.csv", CommonOptions.Species(args));
    }

    public static double NonNegative(CliArguments args, string name, double defaultValue)
    {
        var s = args.Get(name);
        if (s is null) return defaultValue;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v
            : throw new UsageException($"--{name} expects a non-negative number, got '{s}'");
    }
}
