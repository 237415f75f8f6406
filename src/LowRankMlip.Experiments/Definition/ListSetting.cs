using System.Globalization;

namespace LowRankMlip.Experiments.Definition;

/// <summary>Parsing of the comma-separated list settings of an experiment definition.</summary>
public static class ListSetting
{
    public static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static int[] Integers(string? value, string setting) =>
        Split(value).Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ArgumentException($"{setting}: '{s}' is not an integer")).ToArray();

    /// <summary>Rank alternatives: "3,6" → [[3],[6]]; "4x2x4,4x4" → [[4,2,4],[4,4]].</summary>
    public static int[][] RankSpecs(string? value, string setting) =>
        Split(value).Select(spec => spec.Split(['x', 'X', '×'], StringSplitOptions.TrimEntries).Select(s =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r
                : throw new ArgumentException($"{setting}: '{spec}' is not a rank (positive integers joined by 'x')")).ToArray()).ToArray();

    public static string FormatRanks(IReadOnlyList<int> ranks) => string.Join("x", ranks);
}
