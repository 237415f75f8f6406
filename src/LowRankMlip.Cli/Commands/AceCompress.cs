using System.Globalization;
using LowRankMlip.Ace;
using LowRankMlip.LowRank;

namespace LowRankMlip.Cli.Commands;

/// <summary>
/// lrmlip compress for an ACE potential: truncation of crad (ace-spec §10) on a view of the suite, optionally fitted
/// (with c̃ when --fit-ctilde) to the reference set by the energy/force/virial loss of <see cref="AceLoss"/> with the
/// train weights; the compressed .yace written atomically, and its deviation from the labels of the reference set.
/// </summary>
internal static class AceCompress
{
    private const string Usage = "lrmlip compress POT.yace REFERENCE --method svd|mf|rmf|tucker|tt|mfra --rank R | --ranks R1,… [--unfolding V] " +
        "[--fit-ctilde] [--energy-weight 1] [--force-weight 0.01] [--stress-weight 0.001] [--weight-scaling 1] [--weight-scaling-forces 0] " +
        "[--iteration-limit N] [--tolerance 1e-3] --save-to OUT.yace [--threads N]";

    public static int Run(CliArguments args, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        string method = args.Get("method") ?? throw new UsageException($"--method is required\nusage: {Usage}");
        if (method is not ("svd" or "mf" or "rmf" or "tucker" or "tt" or "mfra"))
            throw new UsageException($"--method {method} is not available for ACE potentials; use svd (truncation), mf, rmf, tucker, tt or mfra (fits of crad)");
        var ranks = CompressCommand.Ranks(args);
        int iterationLimit = args.GetInt("iteration-limit", 100, min: 0);
        double tolerance = TrainingArguments.NonNegative(args, "tolerance", 1e-3);
        bool fitCtilde = args.Flag("fit-ctilde");
        if (fitCtilde && method == "svd") throw new UsageException("--fit-ctilde needs a fitting method (mf, rmf, tucker, tt or mfra), not svd");
        // The weights of lrmlip train (mtp-spec §11.1); --force-weight 0 --stress-weight 0 fits energies only.
        var weights = new Training.LossWeights
        {
            EnergyWeight = TrainingArguments.NonNegative(args, "energy-weight", 1), ForceWeight = TrainingArguments.NonNegative(args, "force-weight", 0.01),
            StressWeight = TrainingArguments.NonNegative(args, "stress-weight", 0.001), WeightScaling = TrainingArguments.NonNegative(args, "weight-scaling", 1),
            WeightScalingForces = TrainingArguments.NonNegative(args, "weight-scaling-forces", 0),
        };
        RadialView view;
        try { view = RadialViews.Parse(args.Get("unfolding") ?? (method is "tucker" or "tt" ? "tensor4" : "pairmu")); }
        catch (ArgumentException e) { throw new UsageException($"--unfolding: {e.Message}"); }
        string output = args.Get("save-to") ?? throw new UsageException($"--save-to OUT.yace is required\nusage: {Usage}");
        if (!YaceFile.IsYace(output)) throw new UsageException($"--save-to must name a .yace file, got '{output}'");
        int threads = CommonOptions.Threads(args);
        args.Validate(2, 2, Usage);

        var original = YaceFile.Read(args.Positional[0]);
        ILowRankManifold manifold;
        try { manifold = AceRadialTruncation.Manifold(original, view, ranks); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        bool consistent = method switch
        {
            "rmf" or "mf" or "mfra" => manifold is FixedRankManifold,
            "tucker" => manifold is TuckerManifold,
            "tt" => manifold is TensorTrainManifold,
            _ => true,
        };
        if (!consistent) throw new UsageException($"--method {method} does not match view '{RadialViews.Name(view)}' with {ranks.Length} rank(s): rmf takes a matrix view and one rank, tucker one rank per mode, tt d − 1 ranks");
        var reference = CommonOptions.ReadMapped(args.Positional[1], original).ToList();
        AcePotential compressed;
        if (method == "svd") compressed = AceRadialTruncation.Truncate(original, manifold);
        else
        {
            var stop = new Training.Optimization.StoppingCriteria { IterationLimit = iterationLimit, Tolerance = tolerance };
            var loss = new AceLoss(reference, original.MaxCutoff, weights, threads);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var fit = method switch
            {
                "mf" => AceRadialFit.FitFactors(original, new FactoredMatrix(manifold.Shape, view, ranks[0]), loss, stop, fitCtilde),
                "mfra" => AceRadialFit.FitRankAugmented(original, view, ranks[0], loss, stop, fitCtilde, onRank: step =>
                    stdout.WriteLine($"rank {step.Rank}: loss {step.Loss.ToString("G4", inv)} after {step.Iterations} iterations")),
                _ => AceRadialFit.Fit(original, manifold, loss, stop, fitCtilde),
            };
            compressed = fit.Potential;
            stdout.WriteLine($"fit ({method}{(fitCtilde ? " with c̃" : "")}, {fit.Iterations} iterations, {fit.Reason}, {clock.Elapsed.TotalSeconds.ToString("F1", inv)} s): " +
                $"loss (wE {weights.EnergyWeight.ToString("G4", inv)}, wF {weights.ForceWeight.ToString("G4", inv)}, wS {weights.StressWeight.ToString("G4", inv)}) " +
                $"{fit.StartLoss.ToString("G4", inv)} after truncation → {fit.Loss.ToString("G4", inv)}");
        }
        YaceFile.Write(output, compressed);

        var stats = CalcErrorsCommand.Compute(new AceEvaluator(compressed), reference, threads);
        int full = AceRadialTensor.Shape(original).Length;
        stdout.WriteLine($"view {RadialViews.Name(view)} (modes {string.Join("×", RadialViews.TensorModes(manifold.Shape, view))}), ranks {string.Join(",", manifold.Ranks)}");
        int live = AceRadialTensor.LiveMask(original).Count(x => x);
        stdout.WriteLine($"radial parameters: {manifold.Dimension} free ({manifold.StoredParameterCount} stored) of {full} padded crad entries ({original.RadialParameterCount} in the file, {live} live)");
        stdout.WriteLine($"deviation from REFERENCE labels on {stats.Configurations} configurations: energy RMSE {stats.EnergyRmsePerAtom.ToString("G4", inv)} eV/atom, " +
            $"force RMSE {stats.ForceRmseComponent.ToString("G4", inv)} eV/Å (component), virial RMSE {stats.StressRmseComponent.ToString("G4", inv)} eV");
        stdout.WriteLine($"written: {output}");
        return 0;
    }
}
