using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.Mtp;

/// <summary>
/// A radial coefficient tensor of low μ-rank in factored form, C = U ×_μ V:
/// <code>
/// C[pair][μ][β] = Σ_k U[μ, k] · V[pair][k][β]          (pair = a·S + b, k &lt; Rank)
/// </code>
/// <see cref="Mixing"/> U is K×r row-major (U[μ·r + k]); <see cref="LatentCoeffs"/> V is pairs×r×R
/// ([(pair·r + k)·R + β]). The K radial functions of every species pair are then mixtures of r latent
/// functions g_k = s·Σ_β V[pair][k][β] Q_β, which <see cref="MtpEvaluator(MtpPotential, LatentRadial, Kernels.Common.KernelPath)"/>
/// exploits. Note: the arrays are held by reference (record equality compares them by reference).
/// </summary>
public sealed record LatentRadial(int Rank, double[] Mixing, double[] LatentCoeffs)
{
    public int Rank { get; } = Rank >= 1 ? Rank : throw new ArgumentOutOfRangeException(nameof(Rank), Rank, "the latent rank must be at least 1");
    public double[] Mixing { get; } = Mixing ?? throw new ArgumentNullException(nameof(Mixing));
    public double[] LatentCoeffs { get; } = LatentCoeffs ?? throw new ArgumentNullException(nameof(LatentCoeffs));

    /// <summary>Throws <see cref="ArgumentException"/> unless U is K×r and V is pairs×r×R.</summary>
    public void Validate(int pairs, int functions, int basisSize)
    {
        if (Rank > functions)
            throw new ArgumentException($"latent rank {Rank} exceeds the number of radial functions K = {functions}");
        if (Mixing.Length != functions * Rank)
            throw new ArgumentException($"the mixing matrix has {Mixing.Length} entries; K×r = {functions}×{Rank} = {functions * Rank} expected");
        if (LatentCoeffs.Length != pairs * Rank * basisSize)
            throw new ArgumentException($"the latent coefficients have {LatentCoeffs.Length} entries; pairs×r×R = {pairs}×{Rank}×{basisSize} = {pairs * Rank * basisSize} expected");
    }

    /// <summary>Writes the dense tensor C = U ×_μ V (layout [(pair·K + μ)·R + β], mtp-spec §3.3).</summary>
    public void ComposeInto(Span<double> radialCoeffs, int pairs, int functions, int basisSize)
    {
        Validate(pairs, functions, basisSize);
        if (radialCoeffs.Length != pairs * functions * basisSize)
            throw new ArgumentException($"the radial tensor has {radialCoeffs.Length} entries; pairs×K×R = {pairs}×{functions}×{basisSize} = {pairs * functions * basisSize} expected", nameof(radialCoeffs));
        int r = Rank, R = basisSize;
        for (int pair = 0; pair < pairs; pair++)
            for (int mu = 0; mu < functions; mu++)
                for (int b = 0; b < R; b++)
                {
                    double sum = 0;
                    for (int k = 0; k < r; k++) sum += Mixing[mu * r + k] * LatentCoeffs[(pair * r + k) * R + b];
                    radialCoeffs[(pair * functions + mu) * R + b] = sum;
                }
    }

    /// <summary>The dense tensor C = U ×_μ V as a new array.</summary>
    public double[] Compose(int pairs, int functions, int basisSize)
    {
        var c = new double[pairs * functions * basisSize];
        ComposeInto(c, pairs, functions, basisSize);
        return c;
    }

    /// <summary>
    /// The first <paramref name="rank"/> latent functions (U's first columns, V's first rows per pair).
    /// For a <see cref="FromDense"/> result these carry the largest singular values, so this is the best
    /// rank-<paramref name="rank"/> approximation of the μ-unfolding in the Frobenius norm (Eckart–Young).
    /// </summary>
    public LatentRadial Truncate(int rank, int basisSize)
    {
        if (rank < 1 || rank > Rank) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"must be between 1 and the current rank {Rank}");
        if (basisSize < 1 || Mixing.Length % Rank != 0 || LatentCoeffs.Length % (Rank * basisSize) != 0)
            throw new ArgumentException($"the factors ({Mixing.Length} mixing and {LatentCoeffs.Length} latent entries) do not fit rank {Rank} and R = {basisSize}");
        int functions = Mixing.Length / Rank;
        int pairs = LatentCoeffs.Length / (Rank * basisSize);
        var u = new double[functions * rank];
        for (int mu = 0; mu < functions; mu++)
            for (int k = 0; k < rank; k++) u[mu * rank + k] = Mixing[mu * Rank + k];
        var v = new double[pairs * rank * basisSize];
        for (int pair = 0; pair < pairs; pair++)
            Array.Copy(LatentCoeffs, pair * Rank * basisSize, v, pair * rank * basisSize, rank * basisSize);
        return new LatentRadial(rank, u, v);
    }

    /// <summary>
    /// Factors a dense radial tensor by the SVD of its μ-unfolding X[μ, pair·R + β] = C[pair][μ][β]
    /// (K × S²R): keeps the singular values above <paramref name="relativeTolerance"/>·σ_max,
    /// U = the left singular vectors (orthonormal columns, ordered by decreasing σ), V[pair][k][β] = σ_k·(right vector k).
    /// A zero tensor gives rank 1 with V = 0.
    /// </summary>
    public static LatentRadial FromDense(ReadOnlySpan<double> radialCoeffs, int pairs, int functions, int basisSize, double relativeTolerance = 1e-12)
    {
        if (pairs < 1 || functions < 1 || basisSize < 1)
            throw new ArgumentException($"pairs, K and R must be positive (got {pairs}, {functions}, {basisSize})");
        if (radialCoeffs.Length != pairs * functions * basisSize)
            throw new ArgumentException($"the radial tensor has {radialCoeffs.Length} entries; pairs×K×R = {pairs}×{functions}×{basisSize} = {pairs * functions * basisSize} expected", nameof(radialCoeffs));
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "must be non-negative");
        int K = functions, R = basisSize, N = pairs * R;
        // Factor the transpose (N × K, N ≥ K typically) so MathNet's thin factors stay small.
        var xt = Matrix<double>.Build.Dense(N, K);
        for (int pair = 0; pair < pairs; pair++)
            for (int mu = 0; mu < K; mu++)
                for (int b = 0; b < R; b++)
                    xt[pair * R + b, mu] = radialCoeffs[(pair * K + mu) * R + b];
        var svd = xt.Svd(computeVectors: true);
        var sigma = svd.S;
        double sMax = sigma.Count > 0 ? sigma[0] : 0;
        int rank = 0;
        for (int k = 0; k < sigma.Count; k++) if (sigma[k] > relativeTolerance * sMax && sigma[k] > 0) rank++;
        if (rank == 0) return new LatentRadial(1, UnitColumn(K), new double[pairs * R]);
        // Xᵀ = W Σ Zᵀ  ⇒  X = Z Σ Wᵀ: U = Z (K×K, columns), V_k = σ_k W[:, k].
        var z = svd.VT.Transpose();
        var w = svd.U;
        var u = new double[K * rank];
        var v = new double[pairs * rank * R];
        for (int k = 0; k < rank; k++)
        {
            for (int mu = 0; mu < K; mu++) u[mu * rank + k] = z[mu, k];
            for (int pair = 0; pair < pairs; pair++)
                for (int b = 0; b < R; b++) v[(pair * rank + k) * R + b] = sigma[k] * w[pair * R + b, k];
        }
        return new LatentRadial(rank, u, v);
    }

    private static double[] UnitColumn(int k)
    {
        var u = new double[k];
        u[0] = 1;
        return u;
    }
}
