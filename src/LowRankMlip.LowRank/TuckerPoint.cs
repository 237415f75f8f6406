using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// A Tucker point X = core ×_1 U_1 ⋯ ×_d U_d of a tensor view (lowrank-algorithms §3). HOSVD gives orthonormal
/// U_i; the geometry uses the orthonormalized frame U_i = Q_i R_i, core' = core ×_i R_i, which represents the
/// same tensor, so factors read from files need not be orthonormal.
/// </summary>
public sealed class TuckerPoint : LowRankPoint
{
    private readonly double[] _dense;
    private readonly int[] _ranks;
    private readonly Factor[] _factors;

    internal TuckerPoint(RadialShape shape, RadialView view, int[] modes, double[] core, Matrix<double>[] bases)
    {
        Shape = shape;
        View = view;
        Modes = modes;
        _ranks = bases.Select(u => u.ColumnCount).ToArray();
        _dense = TensorAlgebra.MultiModeProduct(core, _ranks, bases, out _);
        _factors = [new Factor("core", (int[])_ranks.Clone(), (double[])core.Clone()),
            .. bases.Select((u, i) => new Factor($"U{i + 1}", [u.RowCount, u.ColumnCount], DenseAlgebra.ToRowMajor(u)))];

        var frames = bases.Select(DenseAlgebra.ThinQr).ToArray();
        OrthonormalBases = frames.Select(f => f.Q).ToArray();
        FrameCore = TensorAlgebra.MultiModeProduct(core, _ranks, frames.Select(f => (Matrix<double>?)f.R).ToArray(), out _);
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    internal int[] Modes { get; }

    public override double[] Dense => _dense;
    public override int[] Ranks => _ranks;
    public override IReadOnlyList<Factor> Factors => _factors;

    /// <summary>Q_i: orthonormal bases of the factor spans (n_i × r_i).</summary>
    internal Matrix<double>[] OrthonormalBases { get; }

    /// <summary>The core in the orthonormal frame: X = FrameCore ×_i Q_i.</summary>
    internal double[] FrameCore { get; }
}
