namespace LowRankMlip.Ace;

/// <summary>
/// crad with low rank in its <c>mu</c> view (ace-spec §10: K = nradmax·(lmax+1) rows (n, l), columns (pair, k)),
/// held per pair block: crad[pair] = U[pair]·W[pair]ᵀ (K × r times r × nradbase), r &lt; nradmax. Then
/// R_nl(r_ij) = Σ_ρ U[pair][nl][ρ]·h_ρ(r_ij) with r latent radial functions h_ρ = Σ_k W[pair][k][ρ]·g_k, so
/// A_{μ,n,l,m} = Σ_ρ U[pair][nl][ρ]·Ã_{μ,ρ,lm} with Ã_{μ,ρ,lm} = Σ_{j∈μ} h_ρ(r_ij)·Y_lm(r̂_ij):
/// the per-neighbour work is r·(lmax+1)² instead of nradmax·(lmax+1)², and A = U·Ã is formed once per atom.
/// A mu-view rank r bounds every block's rank by r; factoring per block keeps that rank exact after the dead
/// entries (which no product reads) are zeroed, whose pattern differs between pairs (Al-Ni), while a single
/// shared U would not. The inner-cutoff factor (1 − P) of "distance" mode multiplies every g_k of a bond
/// alike, so it stays inside g and the identity is exact. Found at load by SVDs of the live crad.
/// </summary>
internal sealed class AceLatentRadial
{
    /// <summary>Relative singular-value cut-off (to the largest of all blocks): well below double rounding, so the latent A equals the dense one to ~1e-14.</summary>
    public const double RelativeTolerance = 1e-13;

    private AceLatentRadial(int rank, double[] mixing, double[] weights, int[] lOf)
    {
        Rank = rank; Mixing = mixing; Weights = weights; LOf = lOf;
    }

    /// <summary>r: the largest numerical rank of a pair block (smaller blocks are padded with zero columns).</summary>
    public int Rank { get; }
    /// <summary>U·S as [pair][n·(lmax+1)+l][ρ] (K × r per pair).</summary>
    public double[] Mixing { get; }
    /// <summary>W as [pair][k][ρ], so h = Σ_k g_k·W[pair][k][·] is an axpy over ρ.</summary>
    public double[] Weights { get; }
    /// <summary>l of each stored (l, m ≥ 0) index.</summary>
    private int[] LOf { get; }

    /// <summary>The latent rank the live crad allows (largest pair-block rank; 0 for an all-zero crad).</summary>
    public static int LatentRankOf(AcePotential p) => NumericalRank(Decompose(p));

    private static int NumericalRank((double[,] U, double[] S, double[,] V)[] blocks)
    {
        double top = blocks.SelectMany(b => b.S).DefaultIfEmpty(0).Max();
        return top == 0 ? 0 : blocks.Max(b => b.S.Count(x => x > RelativeTolerance * top));
    }

    /// <summary>The latent form, or null when the rank is not below nradmax (no per-neighbour saving) or crad is zero.</summary>
    public static AceLatentRadial? TryCreate(AcePotential p, AceBasisTables t)
    {
        var blocks = Decompose(p);
        int rank = NumericalRank(blocks);
        if (rank == 0 || rank >= t.RadialCount) return null;
        int k = t.NlCount, pairs = t.S * t.S, nb = t.BasisSize;
        double top = blocks.SelectMany(b => b.S).Max();
        var mixing = new double[pairs * k * rank];
        var weights = new double[pairs * nb * rank];
        for (int pair = 0; pair < pairs; pair++)
        {
            var (u, s, v) = blocks[pair];
            for (int r = 0; r < Math.Min(rank, s.Length); r++)
            {
                if (s[r] <= RelativeTolerance * top) continue; // numerically zero: the column stays 0
                for (int row = 0; row < k; row++) mixing[(pair * k + row) * rank + r] = u[row, r] * s[r];
                for (int col = 0; col < nb; col++) weights[(pair * nb + col) * rank + r] = v[col, r];
            }
        }
        var lOf = new int[t.LmCount];
        for (int l = 0; l <= t.Lmax; l++)
            for (int m = 0; m <= l; m++) lOf[AceSphericalHarmonics.Index(l, m)] = l;
        return new AceLatentRadial(rank, mixing, weights, lOf);
    }

    /// <summary>SVD of each pair block (K × nradbase) of the live crad.</summary>
    private static (double[,] U, double[] S, double[,] V)[] Decompose(AcePotential p)
    {
        var shape = AceRadialTensor.Shape(p);
        var flat = AceRadialTensor.FlattenLive(p);
        int k = shape.Functions, nb = shape.BasisSize;
        var blocks = new (double[,], double[], double[,])[shape.Pairs];
        for (int pair = 0; pair < shape.Pairs; pair++)
        {
            // Small (K × nradbase) matrix: MathNet's full SVD is cheap here.
            var svd = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, nb, (r, c) => flat[(pair * k + r) * nb + c]).Svd(true);
            blocks[pair] = (svd.U.ToArray(), svd.S.ToArray(), svd.VT.Transpose().ToArray());
        }
        return blocks;
    }

    /// <summary>
    /// A = U·Ã for every neighbour species μ of central species <paramref name="mui"/>:
    /// ARe/AIm[(μ·nradmax + n)·lmc + lm] = Σ_ρ U[mui, μ][n·(lmax+1)+l][ρ]·Ã[μ][ρ][lm] (re) and Ã[μ][ρ][lmc + lm] (im).
    /// Overwrites A. Per atom, so it is not on the neighbour path.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Mix(AceBasisTables t, int mui, ReadOnlySpan<double> latentA, Span<double> aRe, Span<double> aIm)
    {
        int lmc = t.LmCount, l1 = t.Lmax + 1, rank = Rank;
        aRe[..t.ACount].Clear();
        aIm[..t.ACount].Clear();
        for (int mu = 0; mu < t.S; mu++)
        {
            int uBase = (mui * t.S + mu) * t.NlCount;
            for (int n = 0; n < t.RadialCount; n++)
            {
                int aBase = (mu * t.RadialCount + n) * lmc;
                for (int lm = 0; lm < lmc; lm++)
                {
                    var u = Mixing.AsSpan((uBase + n * l1 + LOf[lm]) * rank, rank);
                    double re = 0, im = 0;
                    for (int r = 0; r < rank; r++)
                    {
                        int src = (mu * rank + r) * 2 * lmc + lm;
                        re += u[r] * latentA[src];
                        im += u[r] * latentA[src + lmc];
                    }
                    aRe[aBase + lm] = re;
                    aIm[aBase + lm] = im;
                }
            }
        }
    }

    /// <summary>Adjoint of <see cref="Mix"/>: W̃[μ][ρ][lm] = Σ_n U[mui, μ][n·(lmax+1)+l][ρ]·W[μ][n][lm] (re, then im at lmc + lm). Overwrites W̃.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void MixBackward(AceBasisTables t, int mui, ReadOnlySpan<double> wRe, ReadOnlySpan<double> wIm, Span<double> latentW)
    {
        int lmc = t.LmCount, l1 = t.Lmax + 1, rank = Rank;
        latentW[..(t.S * rank * 2 * lmc)].Clear();
        for (int mu = 0; mu < t.S; mu++)
        {
            int uBase = (mui * t.S + mu) * t.NlCount;
            for (int n = 0; n < t.RadialCount; n++)
            {
                int aBase = (mu * t.RadialCount + n) * lmc;
                for (int lm = 0; lm < lmc; lm++)
                {
                    double wr = wRe[aBase + lm], wi = wIm[aBase + lm];
                    if (wr == 0 && wi == 0) continue;
                    var u = Mixing.AsSpan((uBase + n * l1 + LOf[lm]) * rank, rank);
                    for (int r = 0; r < rank; r++)
                    {
                        int dst = (mu * rank + r) * 2 * lmc + lm;
                        latentW[dst] += u[r] * wr;
                        latentW[dst + lmc] += u[r] * wi;
                    }
                }
            }
        }
    }
}
