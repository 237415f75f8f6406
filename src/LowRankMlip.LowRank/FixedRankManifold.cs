using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// The manifold of rank-r matrices in a matrix view of the radial tensor, with the embedded (Frobenius)
/// geometry of lowrank-algorithms §2 (Vandereycken 2013), and greedy rank augmentation (§5).
/// The matrices are small, so projection and retraction work on the dense m × n matrix.
/// </summary>
public sealed class FixedRankManifold : ILowRankManifold
{
    public FixedRankManifold(RadialShape shape, RadialView view, int rank)
    {
        (Rows, Columns) = RadialViews.MatrixShapeForRank(shape, view, rank, "The fixed-rank manifold");
        Shape = shape;
        View = view;
        Rank = rank;
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    public int Rank { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int[] Ranks => [Rank];

    /// <summary>(m + n − r) r (lowrank-algorithms §0).</summary>
    public int Dimension => (Rows + Columns - Rank) * Rank;

    /// <summary>U (m×r), S (r), V (n×r).</summary>
    public int StoredParameterCount => Rank * (Rows + Columns) + Rank;

    public FixedRankManifold WithRank(int rank) => new(Shape, View, rank);

    /// <summary>Best rank-r approximation (truncated SVD) of the matrix view of <paramref name="flat"/>.</summary>
    public LowRankPoint Truncate(ReadOnlySpan<double> flat)
    {
        var (u, s, v) = DenseAlgebra.TruncatedSvd(ToMatrix(flat), Rank);
        return new FixedRankPoint(Shape, View, u, s, v);
    }

    public LowRankPoint FromFactors(IReadOnlyList<Factor> factors)
    {
        FactorValidation.ExpectCount(factors, 3, "Fixed-rank");
        var u = DenseAlgebra.FromRowMajor(FactorValidation.Expect(factors, 0, "U", Rows, Rank), Rows, Rank);
        var s = (double[])FactorValidation.Expect(factors, 1, "S", Rank).Clone();
        var v = DenseAlgebra.FromRowMajor(FactorValidation.Expect(factors, 2, "V", Columns, Rank), Columns, Rank);
        return new FixedRankPoint(Shape, View, u, s, v);
    }

    /// <summary>P_W(Z) = P_U Z + Z P_V − P_U Z P_V (lowrank-algorithms §2, dense form).</summary>
    public void Project(LowRankPoint x, ReadOnlySpan<double> ambient, Span<double> tangent)
    {
        var point = Expect(x);
        var z = ToMatrix(ambient);
        Matrix<double> qu = point.ColumnBasis, qv = point.RowBasis;
        var zv = z * qv;                          // m × r
        var uz = qu.TransposeThisAndMultiply(z);  // r × n
        var m = qu.TransposeThisAndMultiply(zv);  // r × r
        var projected = qu * uz + zv.TransposeAndMultiply(qv) - (qu * m).TransposeAndMultiply(qv);
        FromMatrix(projected, tangent);
    }

    /// <summary>Metric projection: the best rank-r approximation of W + tξ (lowrank-algorithms §2, dense alternative).</summary>
    public LowRankPoint Retract(LowRankPoint x, ReadOnlySpan<double> tangent, double t) =>
        Truncate(DenseAlgebra.AddScaled(Expect(x).Dense, tangent, t));

    /// <summary>
    /// Greedy rank augmentation (lowrank-algorithms §5): the top singular triplet of the normal component
    /// N = (I − P_U) G (I − P_V) of the Euclidean gradient; null when N vanishes (to rounding, relative to ‖G‖).
    /// </summary>
    public (double Sigma, double[] U, double[] V)? NormalDirection(LowRankPoint x, ReadOnlySpan<double> euclideanGradient)
    {
        var point = Expect(x);
        var g = ToMatrix(euclideanGradient);
        var normal = DenseAlgebra.ComplementProject(point.ColumnBasis, g);
        normal = DenseAlgebra.ComplementProject(point.RowBasis, normal.Transpose()).Transpose();
        var (u, s, v) = DenseAlgebra.TruncatedSvd(normal, 1);
        double gradientNorm = g.FrobeniusNorm();
        if (!(s[0] > 1e-12 * gradientNorm)) return null;
        return (s[0], u.Column(0).ToArray(), v.Column(0).ToArray());
    }

    /// <summary>
    /// The rank-(r+1) point W − α σ u vᵀ with factors [U, −u], diag(S, ασ), [V, v] (lowrank-algorithms §5; the sign
    /// flip keeps S positive). Lies on <c>WithRank(r + 1)</c>.
    /// </summary>
    public LowRankPoint Augment(LowRankPoint x, (double Sigma, double[] U, double[] V) direction, double alpha)
    {
        var point = Expect(x);
        if (Rank + 1 > Math.Min(Rows, Columns))
            throw new InvalidOperationException($"Rank {Rank} is already full for the {Rows}×{Columns} '{RadialViews.Name(View)}' view.");
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The step must be positive.");
        if (direction.U is null || direction.V is null || direction.U.Length != Rows || direction.V.Length != Columns)
            throw new ArgumentException($"Direction vectors must have lengths {Rows} and {Columns}.", nameof(direction));
        var u = point.U.Append(-Vector<double>.Build.DenseOfArray(direction.U).ToColumnMatrix());
        var v = point.V.Append(Vector<double>.Build.DenseOfArray(direction.V).ToColumnMatrix());
        double[] s = [.. point.S, alpha * direction.Sigma];
        return new FixedRankPoint(Shape, View, u, s, v);
    }

    private FixedRankPoint Expect(LowRankPoint x)
    {
        if (x is not FixedRankPoint point || point.Shape != Shape || point.View != View || point.Rank != Rank)
            throw new ArgumentException($"Expected a rank-{Rank} fixed-rank point of shape {Shape} in view '{RadialViews.Name(View)}'.", nameof(x));
        return point;
    }

    private Matrix<double> ToMatrix(ReadOnlySpan<double> flat)
    {
        var rowMajor = new double[Rows * Columns];
        RadialViews.ToMatrix(flat, Shape, View, rowMajor);
        return DenseAlgebra.FromRowMajor(rowMajor, Rows, Columns);
    }

    private void FromMatrix(Matrix<double> matrix, Span<double> flat) =>
        RadialViews.FromMatrix(DenseAlgebra.ToRowMajor(matrix), Shape, View, flat);
}
