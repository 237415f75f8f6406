using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace LowRankMlip.Ace;

/// <summary>
/// crad in factored form when its pairmu unfolding (pair·n·l) × k has low numerical rank r (ace-spec
/// §10): crad[pair][nl][k] = Σ_r L[pair][r][nl]·V[k][r]. Then R_nl = Σ_r L[·][r][nl]·(Vᵀg)_r costs
/// (nradbase + nl)·r per neighbour instead of nradbase·nl, which is where a compressed .yace gains
/// speed although the file stores crad densely. Found once at load by a thin SVD.
/// </summary>
internal sealed class AceFactoredRadial
{
    private AceFactoredRadial(int rank, double[] basis, double[] loadings) { Rank = rank; Basis = basis; Loadings = loadings; }

    public int Rank { get; }
    /// <summary>V[k][r], nradbase × r.</summary>
    public double[] Basis { get; }
    /// <summary>L[pair][r][nl] = U·S.</summary>
    public double[] Loadings { get; }

    /// <summary>The factored form, or null when it would not save at least half of the contraction work.</summary>
    public static AceFactoredRadial? TryCreate(double[] cradT, int pairs, int basisSize, int nl)
    {
        var rows = new double[pairs * nl * basisSize];
        for (int pair = 0; pair < pairs; pair++)
            for (int k = 0; k < basisSize; k++)
                for (int j = 0; j < nl; j++)
                    rows[(pair * nl + j) * basisSize + k] = cradT[(pair * basisSize + k) * nl + j];
        if (pairs * nl < basisSize) return null;
        // Thin SVD of the tall unfolding: thin QR, then the SVD of the small R factor.
        var qr = Matrix<double>.Build.Dense(basisSize, pairs * nl, rows).Transpose().QR(QRMethod.Thin);
        var small = qr.R.Svd(true);
        var u = qr.Q * small.U;
        var v = small.VT.Transpose();
        var s = small.S.ToArray();
        if (s.Length == 0 || s[0] == 0) return null;
        // Relative cut-off well below double rounding of the entries: the factored R_nl equals the dense one to ~1e-14.
        int rank = s.Count(x => x > 1e-13 * s[0]);
        if (2 * rank * (basisSize + nl) > basisSize * nl) return null;
        var basis = new double[basisSize * rank];
        for (int k = 0; k < basisSize; k++)
            for (int r = 0; r < rank; r++) basis[k * rank + r] = v[k, r];
        var loadings = new double[pairs * rank * nl];
        for (int pair = 0; pair < pairs; pair++)
            for (int r = 0; r < rank; r++)
                for (int j = 0; j < nl; j++) loadings[(pair * rank + r) * nl + j] = u[pair * nl + j, r] * s[r];
        return new AceFactoredRadial(rank, basis, loadings);
    }

    /// <summary>h = Vᵀg and dh = Vᵀg' (length r).</summary>
    public void Project(ReadOnlySpan<double> g, ReadOnlySpan<double> dg, Span<double> h, Span<double> dh)
    {
        h[..Rank].Clear();
        dh[..Rank].Clear();
        for (int k = 0; k < g.Length; k++)
        {
            double gk = g[k], dgk = dg[k];
            if (gk == 0 && dgk == 0) continue;
            var row = Basis.AsSpan(k * Rank, Rank);
            for (int r = 0; r < Rank; r++) { h[r] += row[r] * gk; dh[r] += row[r] * dgk; }
        }
    }
}
