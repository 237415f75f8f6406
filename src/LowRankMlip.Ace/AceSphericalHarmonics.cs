namespace LowRankMlip.Ace;

/// <summary>
/// PACE-normalized complex spherical harmonics Y_lm = √(4π)·Y_lm^{orthonormal, Condon–Shortley}
/// (ace-spec §4) for m ≥ 0, and their gradients with respect to the bond vector r. Index
/// lm = l(l+1)/2 + m. Y_lm(r̂) = (x̂ + iŷ)^m P̄_lm(ẑ), P̄ by the normalized three-term recursion.
/// </summary>
internal sealed class AceSphericalHarmonics
{
    private readonly int _lmax;
    private readonly double[] _a, _b;

    public AceSphericalHarmonics(int lmax)
    {
        _lmax = lmax;
        Count = (lmax + 1) * (lmax + 2) / 2;
        _a = new double[Count];
        _b = new double[Count];
        for (int l = 2; l <= lmax; l++)
            for (int m = 0; m <= l - 2; m++)
            {
                _a[Index(l, m)] = Math.Sqrt((4.0 * l * l - 1) / (l * l - m * m));
                _b[Index(l, m)] = -Math.Sqrt(((l - 1.0) * (l - 1) - m * m) / (4.0 * (l - 1) * (l - 1) - 1));
            }
    }

    public int Count { get; }

    public static int Index(int l, int m) => l * (l + 1) / 2 + m;

    /// <summary>
    /// Y_lm and ∇_r Y_lm for the unit vector (ux, uy, uz) of a bond of length r. <paramref name="p"/>/<paramref name="dp"/>
    /// are scratch of length <see cref="Count"/>; gradients are stored 3 per lm (x, y, z).
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(double ux, double uy, double uz, double r, Span<double> p, Span<double> dp,
        Span<double> yRe, Span<double> yIm, Span<double> gRe, Span<double> gIm)
    {
        // P̄_lm(z) and dP̄_lm/dz (ace-spec §4).
        p[0] = 1; dp[0] = 0;
        for (int l = 1; l <= _lmax; l++)
        {
            int ll = Index(l, l), prev = Index(l - 1, l - 1);
            p[ll] = -Math.Sqrt(1 + 0.5 / l) * p[prev];
            dp[ll] = 0;
            double c = Math.Sqrt(2 * l + 1.0);
            p[ll - 1] = c * uz * p[prev];
            dp[ll - 1] = c * p[prev];
            for (int m = 0; m <= l - 2; m++)
            {
                int i = Index(l, m), i1 = Index(l - 1, m), i2 = Index(l - 2, m);
                p[i] = _a[i] * (uz * p[i1] + _b[i] * p[i2]);
                dp[i] = _a[i] * (p[i1] + uz * dp[i1] + _b[i] * dp[i2]);
            }
        }
        // Y = q^m P̄ with q = ux + i·uy; ambient gradient in u, then projected: ∇_r = (I − u uᵀ)/r · ∇_u.
        double invR = 1 / r;
        double qRe = 1, qIm = 0;       // q^m
        double qmRe = 0, qmIm = 0;     // q^{m−1}
        for (int m = 0; m <= _lmax; m++)
        {
            for (int l = m; l <= _lmax; l++)
            {
                int i = Index(l, m);
                yRe[i] = qRe * p[i];
                yIm[i] = qIm * p[i];
                // ∂/∂ux = m q^{m−1} P̄, ∂/∂uy = i·m q^{m−1} P̄, ∂/∂uz = q^m P̄'.
                double xRe = m * qmRe * p[i], xIm = m * qmIm * p[i];
                double yRe2 = -m * qmIm * p[i], yIm2 = m * qmRe * p[i];
                double zRe = qRe * dp[i], zIm = qIm * dp[i];
                double dotRe = ux * xRe + uy * yRe2 + uz * zRe, dotIm = ux * xIm + uy * yIm2 + uz * zIm;
                gRe[3 * i] = (xRe - ux * dotRe) * invR; gRe[3 * i + 1] = (yRe2 - uy * dotRe) * invR; gRe[3 * i + 2] = (zRe - uz * dotRe) * invR;
                gIm[3 * i] = (xIm - ux * dotIm) * invR; gIm[3 * i + 1] = (yIm2 - uy * dotIm) * invR; gIm[3 * i + 2] = (zIm - uz * dotIm) * invR;
            }
            qmRe = qRe; qmIm = qIm;
            double nRe = qRe * ux - qIm * uy, nIm = qRe * uy + qIm * ux;
            qRe = nRe; qIm = nIm;
        }
    }
}
