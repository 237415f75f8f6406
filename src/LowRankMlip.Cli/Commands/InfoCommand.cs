using System.Globalization;
using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip info: what a potential file holds.</summary>
public sealed class InfoCommand : ICommand
{
    public string Name => "info";
    public string Summary => "species, level, radial basis and parameter counts of a potential";
    public string Help => """
        usage: lrmlip info POT

        For an ACE potential (.yace): elements, embeddings, bonds (radial basis, sizes, cutoffs), the
        functions per rank and the parameter counts (crad and c̃).

        Prints the species (type integers), MTP level, radial basis (type, min_dist, max_dist, size R),
        number of radial functions K, moment-basis sizes and the parameter count of each block:
        radial S²·K·R, species S, moment coefficients Ns (mtp-spec §6).

        example: lrmlip info quaternary.mtp
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        args.Validate(1, 1, "lrmlip info POT");
        if (Ace.YaceFile.IsYace(args.Positional[0]))
        {
            stdout.Write(AceInfo.Describe(Ace.YaceFile.Read(args.Positional[0]), args.Positional[0]));
            return 0;
        }
        var loaded = PotentialFile.Read(args.Positional[0]);
        stdout.Write(Describe(loaded.Potential, args.Positional[0]));
        if (loaded.Compressed is { } c) stdout.Write(DescribeCompression(c));
        return 0;
    }

    public static string Describe(MtpPotential p, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = p.Basis;
        var lines = new List<string>
        {
            $"file:               {path}",
            $"potential_name:     {p.PotentialName}",
            $"trained:            {(p.IsTrained ? "yes" : "no (template)")}",
            $"species:            {p.SpeciesCount} (types {(p.SpeciesTypes.Length == 0 ? "from the training set" : string.Join(", ", p.SpeciesTypes))})",
            $"level:              {b.Level}",
            $"radial basis:       {p.BasisKind.ToFileName()}, min_dist = {p.MinDist.ToString("R", inv)} Å, max_dist = {p.MaxDist.ToString("R", inv)} Å, R = {p.RadialBasisSize}",
            $"radial functions:   K = {p.RadialFunctionCount}",
            $"scaling:            {p.Scaling.ToString("R", inv)}",
            $"moments:            {b.MomentCount} (basic {b.BasicCount}, products {b.TimesCount}), basis functions Ns = {b.ScalarCount}, max ν = {b.MaxNu}",
            "parameters:",
            $"  radial C[a][b][μ][β]  S²·K·R = {p.SpeciesCount}²·{p.RadialFunctionCount}·{p.RadialBasisSize} = {p.RadialParameterCount}",
            $"  species ξ             S = {p.SpeciesCount}",
            $"  moment θ              Ns = {b.ScalarCount}",
            $"  total                 {p.TotalParameterCount} (radial share {(p.TotalParameterCount == 0 ? 0 : 100.0 * p.RadialParameterCount / p.TotalParameterCount).ToString("F1", inv)} %)",
        };
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Method, view, ranks and parameter accounting of a compressed potential.</summary>
    public static string DescribeCompression(CompressedPotential c)
    {
        var inv = CultureInfo.InvariantCulture;
        var n = c.Counts;
        var r = c.Radial;
        var factors = string.Join(", ", r.Factors.Select(f => $"{f.Name} {string.Join("×", f.Shape)}"));
        var lines = new List<string>
        {
            "compression:",
            $"  method                {CompressionMethods.Name(c.Method)} ({FactorizationKinds.Name(r.Kind)} factors: {factors})",
            $"  view                  {RadialViews.Name(r.View)}" + (RadialViews.IsMatrix(r.View) ? $" ({RadialViews.MatrixShape(r.Shape, r.View).Rows}×{RadialViews.MatrixShape(r.Shape, r.View).Columns})" : $" (modes {string.Join("×", RadialViews.TensorModes(r.Shape, r.View))})"),
            $"  ranks                 {string.Join(", ", r.Ranks)}",
            $"  radial parameters     {n.Radial} free ({n.Stored} stored) of {n.FullRadial}: compression {n.RadialCompressionPercent.ToString("F1", inv)} %",
            $"  total parameters      {n.Total} of {n.FullTotal}: compression {n.TotalCompressionPercent.ToString("F1", inv)} %",
        };
        return string.Join('\n', lines) + "\n";
    }
}
