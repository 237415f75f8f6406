using System.Globalization;
using LowRankMlip.Ace;
using LowRankMlip.LowRank;

namespace LowRankMlip.Cli.Commands;

/// <summary>
/// lrmlip compress for an ACE potential: truncation of crad (ace-spec §10) on a view of the suite, the
/// compressed .yace written atomically, and its deviation from the labels of the reference set.
/// </summary>
internal static class AceCompress
{
    private const string Usage = "lrmlip compress POT.yace REFERENCE --method svd|mf|rmf|tucker|tt --rank R | --ranks R1,… [--unfolding V] " +
        "[--iteration-limit N] --save-to OUT.yace [--threads N]";

    public static int Run(CliArguments args, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        string method = args.Get("method") ?? throw new UsageException($"--method is required\nusage: {Usage}");
        if (method is not ("svd" or "mf" or "rmf" or "tucker" or "tt"))
            throw new UsageException($"--method {method} is not available for ACE potentials; use svd (truncation), mf, rmf, tucker or tt (fits of crad)");
        var ranks = CompressCommand.Ranks(args);
        int iterationLimit = args.GetInt("iteration-limit", 100, min: 0);
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
            "rmf" or "mf" => manifold is FixedRankManifold,
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
            var stop = new Training.Optimization.StoppingCriteria { IterationLimit = iterationLimit };
            var fit = method == "mf"
                ? AceRadialFit.FitFactors(original, new FactoredMatrix(manifold.Shape, view, ranks[0]), reference, stop)
                : AceRadialFit.Fit(original, manifold, reference, stop);
            compressed = fit.Potential;
            stdout.WriteLine($"fit ({method}, {fit.Iterations} iterations, {fit.Reason}): energy loss {fit.StartLoss.ToString("G4", inv)} after truncation → {fit.Loss.ToString("G4", inv)} (eV/atom)²");
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
