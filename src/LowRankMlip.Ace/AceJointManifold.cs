using LowRankMlip.LowRank;

namespace LowRankMlip.Ace;

/// <summary>
/// The product M × ℝ^d of a low-rank manifold (crad) and the Euclidean c̃ coefficients, so the suite's Riemannian
/// optimizer fits both jointly (issue 7: the product basis absorbs the radial truncation). Ambient vectors are
/// [C | c̃]; projection and retraction act on C through M and are the identity / x + tξ on c̃ (the product
/// metric). Shape is the flat 1 × 1 × (|C| + d) shape of that ambient vector — the optimizer sizes its vectors by
/// Shape.Length only; View and Ranks are M's.
/// </summary>
internal sealed class AceJointManifold(ILowRankManifold radial, int coefficients) : ILowRankManifold
{
    private readonly int _c = radial.Shape.Length;

    public ILowRankManifold Radial => radial;
    public RadialShape Shape { get; } = new(1, 1, radial.Shape.Length + coefficients);
    public RadialView View => radial.View;
    public int[] Ranks => radial.Ranks;
    public int Dimension => radial.Dimension + coefficients;
    public int StoredParameterCount => radial.StoredParameterCount + coefficients;

    public LowRankPoint Truncate(ReadOnlySpan<double> flat) => new Point(radial.Truncate(flat[.._c]), flat[_c..].ToArray());

    public LowRankPoint FromFactors(IReadOnlyList<Factor> factors) =>
        throw new NotSupportedException("a joint (crad, c̃) point is not stored as factors; store its radial point and the c̃ separately");

    public void Project(LowRankPoint x, ReadOnlySpan<double> ambient, Span<double> tangent)
    {
        radial.Project(((Point)x).RadialPoint, ambient[.._c], tangent[.._c]);
        ambient[_c..].CopyTo(tangent[_c..]);
    }

    public LowRankPoint Retract(LowRankPoint x, ReadOnlySpan<double> tangent, double t)
    {
        var p = (Point)x;
        var c = new double[p.Coefficients.Length];
        for (int i = 0; i < c.Length; i++) c[i] = p.Coefficients[i] + t * tangent[_c + i];
        return new Point(radial.Retract(p.RadialPoint, tangent[.._c], t), c);
    }

    /// <summary>A point (C on M, c̃).</summary>
    public sealed class Point(LowRankPoint radialPoint, double[] coefficients) : LowRankPoint
    {
        private double[]? _dense;
        public LowRankPoint RadialPoint => radialPoint;
        public double[] Coefficients => coefficients;
        public override double[] Dense => _dense ??= [.. radialPoint.Dense, .. coefficients];
        public override int[] Ranks => radialPoint.Ranks;
        public override IReadOnlyList<Factor> Factors => radialPoint.Factors;
    }
}
