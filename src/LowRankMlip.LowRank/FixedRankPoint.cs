using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// A point W = U diag(S) Vᵀ of the fixed-rank manifold in a matrix view (lowrank-algorithms §2). Factors from
/// truncation have orthonormal U, V; the geometry uses orthonormal bases of the column and row spaces
/// computed here, so points read from files or augmented (§5) need not be in that gauge.
/// </summary>
public sealed class FixedRankPoint : LowRankPoint
{
    private readonly double[] _dense;
    private readonly int[] _ranks;
    private readonly Factor[] _factors;

    internal FixedRankPoint(RadialShape shape, RadialView view, Matrix<double> u, double[] s, Matrix<double> v)
    {
        Shape = shape;
        View = view;
        U = u;
        S = s;
        V = v;
        _ranks = [s.Length];
        var w = (u * Matrix<double>.Build.DenseOfDiagonalArray(s)).TransposeAndMultiply(v);
        _dense = new double[shape.Length];
        RadialViews.FromMatrix(DenseAlgebra.ToRowMajor(w), shape, view, _dense);
        _factors =
        [
            new Factor("U", [u.RowCount, s.Length], DenseAlgebra.ToRowMajor(u)),
            new Factor("S", [s.Length], (double[])s.Clone()),
            new Factor("V", [v.RowCount, s.Length], DenseAlgebra.ToRowMajor(v)),
        ];
        ColumnBasis = DenseAlgebra.ThinQr(u).Q;
        RowBasis = DenseAlgebra.ThinQr(v).Q;
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    public int Rank => S.Length;

    public override double[] Dense => _dense;
    public override int[] Ranks => _ranks;
    public override IReadOnlyList<Factor> Factors => _factors;

    internal Matrix<double> U { get; }
    internal double[] S { get; }
    internal Matrix<double> V { get; }

    /// <summary>Orthonormal basis of the column space of W (m × r).</summary>
    internal Matrix<double> ColumnBasis { get; }

    /// <summary>Orthonormal basis of the row space of W (n × r).</summary>
    internal Matrix<double> RowBasis { get; }
}
