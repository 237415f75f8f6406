namespace LowRankMlip.Ace;

/// <summary>
/// Radial basis g_k(r) and its derivative for one bond (ace-spec §3), the inner-cutoff polynomial
/// P(r; r_in, Δ) and the core repulsion φ(r). Analytic (no spline tables, ace-spec §8), allocation-free.
/// </summary>
internal static class AceRadialFunctions
{
    /// <summary>
    /// g_k and dg_k/dr for k &lt; bond.Nradbasemax into <paramref name="g"/>/<paramref name="dg"/>
    /// (which must be at least that long), including the "distance"-mode factor (1 − P).
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Basis(AceBond bond, AceRadialBasisKind kind, double r, Span<double> g, Span<double> dg)
    {
        int count = bond.Nradbasemax;
        g[..count].Clear();
        dg[..count].Clear();
        if (r >= bond.Rcut || kind == AceRadialBasisKind.Zero) return;
        switch (kind)
        {
            case AceRadialBasisKind.ChebExpCos: ChebExpCos(bond, r, g[..count], dg[..count]); break;
            case AceRadialBasisKind.ChebPow: ChebPow(bond.RadParameters[0], bond.Rcut, r, g[..count], dg[..count]); break;
            case AceRadialBasisKind.ChebLinear: ChebLinear(bond.Rcut, r, g[..count], dg[..count]); break;
            case AceRadialBasisKind.SBessel: SBessel(bond.Rcut, r, g[..count], dg[..count]); break;
        }
        if (bond.InnerCutoff == AceInnerCutoffKind.Distance)
        {
            // ace-spec §3 "distance": ACE switches off below r_in − Δ_in.
            InnerPolynomial(r, bond.RcutIn!.Value, bond.DcutIn!.Value, out double p, out double dp);
            for (int k = 0; k < count; k++)
            {
                dg[k] = dg[k] * (1 - p) - g[k] * dp;
                g[k] *= 1 - p;
            }
        }
    }

    /// <summary>ace-spec §3 ChebExpCos: g_0 = 1, g_k = ½(1 − T_k(x)), times the cosine envelope and the dcut smoothing.</summary>
    private static void ChebExpCos(AceBond bond, double r, Span<double> g, Span<double> dg)
    {
        double lambda = bond.RadParameters[0], rc = bond.Rcut, dcut = bond.Dcut;
        double y2 = Math.Exp(-lambda * r / rc), y1 = Math.Exp(-lambda);
        double x = 1 - 2 * (y2 - y1) / (1 - y1);
        double dx = 2 * (lambda / rc) * y2 / (1 - y1);
        // g_0 = 1; g_k = ½(1 − T_k(x)) for k ≥ 1, i.e. the shifted family on the slice from 1.
        g[0] = 1; dg[0] = 0;
        ShiftedChebyshev(x, dx, g[1..], dg[1..]);
        double env = 0.5 * (1 + Math.Cos(Math.PI * r / rc)), denv = -0.5 * Math.PI / rc * Math.Sin(Math.PI * r / rc);
        for (int k = 0; k < g.Length; k++) { dg[k] = dg[k] * env + g[k] * denv; g[k] *= env; }
        if (r > rc - dcut)
        {
            double arg = Math.PI * (r - rc + dcut) / dcut;
            double s = 0.5 * (1 + Math.Cos(arg)), ds = -0.5 * Math.PI / dcut * Math.Sin(arg);
            for (int k = 0; k < g.Length; k++) { dg[k] = dg[k] * s + g[k] * ds; g[k] *= s; }
        }
    }

    /// <summary>ace-spec §3 ChebPow: x = 1 − 2(1 − r/r_c)^λ, g_k = ½(1 − T_{k+1}(x)).</summary>
    private static void ChebPow(double lambda, double rc, double r, Span<double> g, Span<double> dg)
    {
        double w = 1 - r / rc;
        double x = 1 - 2 * Math.Pow(w, lambda);
        double dx = 2 * lambda / rc * Math.Pow(w, lambda - 1);
        ShiftedChebyshev(x, dx, g, dg);
    }

    /// <summary>ace-spec §3 ChebLinear: x = 1 − r/r_c, g_k = ½(1 − T_{k+1}(x)).</summary>
    private static void ChebLinear(double rc, double r, Span<double> g, Span<double> dg) =>
        ShiftedChebyshev(1 - r / rc, -1 / rc, g, dg);

    /// <summary>g_k = ½(1 − T_{k+1}(x)), dg_k/dr = −½ T'_{k+1}(x)·dx/dr.</summary>
    private static void ShiftedChebyshev(double x, double dx, Span<double> g, Span<double> dg)
    {
        double t0 = 1, t1 = x, d0 = 0, d1 = 1;
        for (int k = 0; k < g.Length; k++)
        {
            g[k] = 0.5 * (1 - t1);
            dg[k] = -0.5 * d1 * dx;
            double t = 2 * x * t1 - t0, d = 2 * t1 + 2 * x * d1 - d0;
            t0 = t1; t1 = t; d0 = d1; d1 = d;
        }
    }

    /// <summary>ace-spec §3 SBessel: sums of two sinc functions, orthogonalised by a two-term recursion.</summary>
    private static void SBessel(double rc, double r, Span<double> g, Span<double> dg)
    {
        double prefactor = Math.Sqrt(2) * Math.PI / Math.Pow(rc, 1.5);
        double dPrev = 1;
        for (int n = 0; n < g.Length; n++)
        {
            double a = (n + 1) * Math.PI / rc, b = (n + 2) * Math.PI / rc;
            double c = (n % 2 == 0 ? 1 : -1) * prefactor * (n + 1) * (n + 2) / Math.Sqrt((n + 1) * (n + 1) + (n + 2) * (n + 2));
            Sinc(a * r, out double sa, out double dsa);
            Sinc(b * r, out double sb, out double dsb);
            double f = c * (sa + sb), df = c * (a * dsa + b * dsb);
            if (n == 0) { g[0] = f; dg[0] = df; continue; }
            double e = (double)n * n * (n + 2) * (n + 2) / (4.0 * Math.Pow(n + 1, 4) + 1);
            double d = 1 - e / dPrev;
            double mix = Math.Sqrt(e / dPrev), norm = 1 / Math.Sqrt(d);
            g[n] = (f + mix * g[n - 1]) * norm;
            dg[n] = (df + mix * dg[n - 1]) * norm;
            dPrev = d;
        }
    }

    /// <summary>sinc(z) = sin z / z (1 at 0) and its derivative.</summary>
    private static void Sinc(double z, out double value, out double derivative)
    {
        if (Math.Abs(z) < 1e-8) { value = 1 - z * z / 6; derivative = -z / 3; return; }
        double s = Math.Sin(z), c = Math.Cos(z);
        value = s / z;
        derivative = (z * c - s) / (z * z);
    }

    /// <summary>
    /// ace-spec §3 P(r; r_in, Δ): 1 for r ≤ r_in − Δ, 0 for r ≥ r_in, a quintic in between. Also the
    /// "density"-mode switch f_cut(ρ_core) with (rho_core_cutoff, drho_core_cutoff).
    /// </summary>
    public static void InnerPolynomial(double r, double rIn, double delta, out double value, out double derivative)
    {
        if (r <= rIn - delta) { value = 1; derivative = 0; return; }
        if (r >= rIn) { value = 0; derivative = 0; return; }
        double x = 1 - 2 * (1 + (r - rIn) / delta);
        double x2 = x * x;
        value = 0.5 + 3.75 * (x / 4 - x * x2 / 6 + x * x2 * x2 / 20);
        derivative = -7.5 / delta * (0.25 - x2 / 2 + x2 * x2 / 4);
    }

    /// <summary>
    /// ace-spec §3 core repulsion φ(r) = |prehc| e^{−|λ_hc| r²}/r · ½(1 + cos(π r/r_c)) (0 once λ_hc r² ≥ 50),
    /// times P(r; r_in, Δ_in) in "distance" mode.
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void CoreRepulsion(AceBond bond, double r, out double phi, out double dphi)
    {
        phi = dphi = 0;
        double lambda = Math.Abs(bond.Lambdahc), rc = bond.Rcut;
        if (r >= rc || bond.Prehc == 0 || lambda * r * r >= 50) return;
        double e = Math.Abs(bond.Prehc) * Math.Exp(-lambda * r * r) / r;
        double de = e * (-2 * lambda * r - 1 / r);
        double env = 0.5 * (1 + Math.Cos(Math.PI * r / rc)), denv = -0.5 * Math.PI / rc * Math.Sin(Math.PI * r / rc);
        phi = e * env;
        dphi = de * env + e * denv;
        if (bond.InnerCutoff == AceInnerCutoffKind.Distance)
        {
            InnerPolynomial(r, bond.RcutIn!.Value, bond.DcutIn!.Value, out double p, out double dp);
            dphi = dphi * p + phi * dp;
            phi *= p;
        }
    }
}
