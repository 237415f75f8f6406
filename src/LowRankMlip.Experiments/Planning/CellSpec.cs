using LowRankMlip.Compression;
using LowRankMlip.Experiments.Definition;
using LowRankMlip.LowRank;

namespace LowRankMlip.Experiments.Planning;

/// <summary>
/// One cell of the grid: a start, a method (null = full, the uncompressed MTP), a view and ranks (compressed
/// cells), a seed. <see cref="Key"/> names its files under OUT/cells, OUT/potentials and OUT/checkpoints.
/// </summary>
public sealed record CellSpec(StartPoint Start, CompressionMethod? Method, RadialView? View, int[] Ranks, int Seed)
{
    public const string FullName = "full";

    public string MethodName => Method is { } m ? CompressionMethods.Name(m) : FullName;
    public string ViewName => View is { } v ? RadialViews.Name(v) : "";
    public string RankText => Ranks.Length == 0 ? "" : ListSetting.FormatRanks(Ranks);

    /// <summary>File-name key, e.g. "16-template_rmf_pairs_r6_s2" or "14-published_full_s1".</summary>
    public string Key => string.Join("_", new[] { Sanitize(Start.Label), MethodName, ViewName, Ranks.Length == 0 ? "" : "r" + RankText, $"s{Seed}" }
        .Where(s => s.Length > 0));

    /// <summary>Cells that differ only in the seed form one table row.</summary>
    public (string Level, string Method, string View, string Rank) Group => (Start.Label, MethodName, ViewName, RankText);

    /// <summary>Progress text, e.g. "16 template rmf pairs r6 seed 2".</summary>
    public string Describe() => string.Join(" ", new[] { Start.Label, MethodName, ViewName, Ranks.Length == 0 ? "" : "r" + RankText, $"seed {Seed}" }
        .Where(s => s.Length > 0));

    private static string Sanitize(string label) =>
        new(label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-').ToArray());
}
