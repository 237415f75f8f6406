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
    private const string Usage = "lrmlip compress POT.yace REFERENCE --method svd --rank R | --ranks R1,… [--unfolding V] --save-to OUT.yace [--threads N]";

    public static int Run(CliArguments args, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        string method = args.Get("method") ?? throw new UsageException($"--method is required\nusage: {Usage}");
        if (method != "svd")
            throw new UsageException($"--method {method} is not available for ACE potentials; use svd (truncation of crad: SVD, HOSVD or TT-SVD by view)");
        var ranks = CompressCommand.Ranks(args);
        RadialView view;
        try { view = RadialViews.Parse(args.Get("unfolding") ?? "pairmu"); }
        catch (ArgumentException e) { throw new UsageException($"--unfolding: {e.Message}"); }
        string output = args.Get("save-to") ?? throw new UsageException($"--save-to OUT.yace is required\nusage: {Usage}");
        if (!YaceFile.IsYace(output)) throw new UsageException($"--save-to must name a .yace file, got '{output}'");
        int threads = CommonOptions.Threads(args);
        args.Validate(2, 2, Usage);

        var original = YaceFile.Read(args.Positional[0]);
        ILowRankManifold manifold;
        try { manifold = AceRadialTruncation.Manifold(original, view, ranks); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var compressed = AceRadialTruncation.Truncate(original, manifold);
        YaceFile.Write(output, compressed);

        var reference = CommonOptions.ReadMapped(args.Positional[1], original).ToList();
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
