using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// A tensor-train point X(i_1 … i_d) = G_1(i_1) ⋯ G_d(i_d), cores G_k of shape [r_{k−1}, n_k, r_k], r_0 = r_d = 1
/// (lowrank-algorithms §4). For the tangent-space projection it keeps the interfaces of both orthogonal gauges:
/// the left-orthogonal cores U_k, X_{≤k} (orthonormal columns) and X_{≥k+1} (orthonormal rows).
/// </summary>
public sealed class TensorTrainPoint : LowRankPoint
{
    private readonly double[] _dense;
    private readonly int[] _ranks;
    private readonly Factor[] _factors;

    /// <param name="fullRanks">r_0 … r_d (with r_0 = r_d = 1).</param>
    internal TensorTrainPoint(RadialShape shape, RadialView view, int[] modes, int[] fullRanks, double[][] cores)
    {
        Shape = shape;
        View = view;
        Modes = modes;
        FullRanks = fullRanks;
        int d = modes.Length;
        _ranks = fullRanks[1..d];
        _factors = cores.Select((g, k) => new Factor($"G{k + 1}", [fullRanks[k], modes[k], fullRanks[k + 1]], (double[])g.Clone())).ToArray();

        // Dense: X_{≤k} = (X_{≤k−1} G_k^R) reshaped to N_{≤k} × r_k, from X_{≤1} = G_1.
        var partial = DenseAlgebra.FromRowMajor(cores[0], modes[0], fullRanks[1]);
        for (int k = 1; k < d; k++)
            partial = DenseAlgebra.Reshape(partial * RightUnfolding(cores[k], k), partial.RowCount * modes[k], fullRanks[k + 1]);
        _dense = DenseAlgebra.ToRowMajor(partial);

        (LeftCores, LeftInterfaces) = LeftOrthogonalize(cores);
        RightInterfaces = RightOrthogonalize(cores);
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    internal int[] Modes { get; }

    /// <summary>r_0 … r_d.</summary>
    internal int[] FullRanks { get; }

    public override double[] Dense => _dense;

    /// <summary>The interior TT ranks r_1 … r_{d−1}.</summary>
    public override int[] Ranks => _ranks;

    public override IReadOnlyList<Factor> Factors => _factors;

    /// <summary>U_k^L ((r_{k−1} n_k) × r_k, orthonormal columns) at index k − 1, for k = 1 … d − 1.</summary>
    internal Matrix<double>[] LeftCores { get; }

    /// <summary>X_{≤k} (N_{≤k} × r_k, orthonormal columns) at index k = 0 … d − 1; X_{≤0} = [1].</summary>
    internal Matrix<double>[] LeftInterfaces { get; }

    /// <summary>X_{≥k+1} (r_k × N_{&gt;k}, orthonormal rows) at index k = 1 … d; X_{≥d+1} = [1]. Index 0 unused.</summary>
    internal Matrix<double>[] RightInterfaces { get; }

    /// <summary>G_k^R: r_{k−1} × (n_k r_k) (k zero-based here).</summary>
    private Matrix<double> RightUnfolding(double[] core, int k) => DenseAlgebra.FromRowMajor(core, FullRanks[k], Modes[k] * FullRanks[k + 1]);

    /// <summary>G_k^L: (r_{k−1} n_k) × r_k (k zero-based here).</summary>
    private Matrix<double> LeftUnfolding(double[] core, int k) => DenseAlgebra.FromRowMajor(core, FullRanks[k] * Modes[k], FullRanks[k + 1]);

    /// <summary>Left-to-right QR sweep: G_k^L = U_k^L R, R pushed into G_{k+1} (Oseledets 2011, TT-orthogonalization).</summary>
    private (Matrix<double>[] Cores, Matrix<double>[] Interfaces) LeftOrthogonalize(double[][] cores)
    {
        int d = Modes.Length;
        var leftCores = new Matrix<double>[d - 1];
        var interfaces = new Matrix<double>[d];
        interfaces[0] = Matrix<double>.Build.DenseIdentity(1);
        var carry = Matrix<double>.Build.DenseIdentity(1);
        for (int k = 0; k < d - 1; k++)
        {
            var core = carry * RightUnfolding(cores[k], k);
            var (q, r) = DenseAlgebra.ThinQr(DenseAlgebra.Reshape(core, FullRanks[k] * Modes[k], FullRanks[k + 1]));
            leftCores[k] = q;
            carry = r;
            var previous = interfaces[k];
            interfaces[k + 1] = DenseAlgebra.Reshape(previous * DenseAlgebra.Reshape(q, FullRanks[k], Modes[k] * FullRanks[k + 1]),
                previous.RowCount * Modes[k], FullRanks[k + 1]);
        }
        return (leftCores, interfaces);
    }

    /// <summary>Right-to-left sweep: G_k^R = Rᵀ V_k^R via the QR of (G_k^R)ᵀ, Rᵀ pushed into G_{k−1}.</summary>
    private Matrix<double>[] RightOrthogonalize(double[][] cores)
    {
        int d = Modes.Length;
        var interfaces = new Matrix<double>[d + 1];
        interfaces[d] = Matrix<double>.Build.DenseIdentity(1);
        var carry = Matrix<double>.Build.DenseIdentity(1);
        for (int k = d - 1; k >= 1; k--)
        {
            var core = LeftUnfolding(cores[k], k) * carry;
            var (q, r) = DenseAlgebra.ThinQr(DenseAlgebra.Reshape(core, FullRanks[k], Modes[k] * FullRanks[k + 1]).Transpose());
            carry = r.Transpose();
            // X_{≥k} = (V_k^L X_{≥k+1}) reshaped to r_{k−1} × N_{≥k}.
            var next = interfaces[k + 1];
            var vLeft = DenseAlgebra.Reshape(q.Transpose(), FullRanks[k] * Modes[k], FullRanks[k + 1]);
            interfaces[k] = DenseAlgebra.Reshape(vLeft * next, FullRanks[k], Modes[k] * next.ColumnCount);
        }
        return interfaces;
    }
}
