namespace LowRankMlip.LowRank;

/// <summary>
/// A named factor of a low-rank point, for file storage: e.g. ("U", [m, r], row-major), ("S", [r]), ("V", [n, r]);
/// Tucker ("core", [r1, r2, r3]), ("U1", [n1, r1]) …; TT ("G1", [r0, n1, r1]) …. Data is row-major over Shape.
/// </summary>
public sealed record Factor(string Name, int[] Shape, double[] Data)
{
    /// <summary>Product of the shape's entries.</summary>
    public int Count => Shape.Aggregate(1, (p, n) => p * n);
}
