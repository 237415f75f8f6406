using LowRankMlip.Compression;
using LowRankMlip.LowRank;

namespace LowRankMlip.Experiments.Planning;

/// <summary>
/// Parameter counts of a cell before it runs (lrmlip experiment --list), with the library's own accounting
/// (<see cref="ParameterCounts"/>): the cell's low-rank form is built from a seeded random tensor of the start's shape.
/// </summary>
public static class CellCounts
{
    public static ParameterCounts Of(CellSpec cell)
    {
        var shape = cell.Start.Shape;
        int linear = cell.Start.LinearParameterCount;
        if (cell.Method is not { } method) return ParameterCounts.Full(shape.Length, linear);
        var rng = new Random(1);
        var dense = Enumerable.Range(0, shape.Length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var view = cell.View!.Value;
        if (method is CompressionMethod.Mf or CompressionMethod.Mfra)
        {
            var matrix = new FactoredMatrix(shape, view, cell.Ranks[0]);
            return CompressedRadial.FromFactored(matrix, matrix.FromTruncatedSvd(dense)).Counts(linear);
        }
        var manifold = CompressionTargets.Manifold(method, shape, view, cell.Ranks)!;
        return CompressedRadial.FromPoint(manifold, manifold.Truncate(dense)).Counts(linear);
    }
}
