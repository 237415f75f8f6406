namespace LowRankMlip.Ace;

/// <summary>
/// The "zbl" inner cutoff (ace-spec §3; pacemaker <c>repulsion: auto</c>; ML-PACE <c>ACERadialFunctions::ZBL</c>
/// and the zbl branch of <c>compute_atom</c>):
/// <list type="bullet">
/// <item>per pair, φ(r) = prehc·(K/2)·Z_i·Z_j·(E(r) + S(r))·P(r; r_c, δ), with the universal screened Coulomb
/// E(r) = ϕ(r/a)/r, a = 0.46850/(Z_i^0.23 + Z_j^0.23), ϕ(x) = Σ c_k e^{d_k x} (LAMMPS pair zbl coefficients),
/// K = e²/(4πε₀) in eV·Å; S is the polynomial shift on [r_c − δ, r_c] (as LAMMPS pair zbl) that makes E + S
/// and its first two derivatives vanish at r_c; the K/2 counts each pair once over i→j and j→i;</item>
/// <item>per atom, E_i = E_ACE·f + ρ_core·(1 − f) + E0 with ρ_core = Σ_j φ(r_ij) and
/// f = 1 − P(r_j*; r_in, Δ_in) of the neighbour j* with the smallest r_ij − (r_in − Δ_in) (its bond's
/// rcut_in, dcut_in): pure ACE when that neighbour is beyond r_in, pure ZBL inside r_in − Δ_in.</item>
/// </list>
/// The radial basis g_k is not changed in this mode. Allocation-free.
/// </summary>
internal static class AceZbl
{
    /// <summary>e²/(4πε₀) in eV·Å (CODATA; the value ML-PACE uses).</summary>
    public const double CoulombConstant = 14.399645351950543;

    private static readonly double[] PhiCoefficients = [0.18175, 0.50986, 0.28022, 0.02817];
    private static readonly double[] PhiExponents = [-3.19980, -0.94229, -0.40290, -0.20162];

    /// <summary>φ(r) and dφ/dr of the bond (Z_i, Z_j) for r &lt; r_c (0 beyond).</summary>
    public static void Pair(AceBond bond, int zi, int zj, double r, out double phi, out double dphi)
    {
        phi = dphi = 0;
        double rc = bond.Rcut, delta = bond.Dcut;
        if (r >= rc) return;
        double a = 0.46850 / (Math.Pow(zi, 0.23) + Math.Pow(zj, 0.23));
        Screened(r, a, out double e, out double de, out _);
        Screened(rc, a, out double ec, out double dec, out double d2ec);
        // Shift on [r_c − δ, r_c]: S' = A t² + B t³ (t = r − r_c + δ), S = C below r_c − δ, so that
        // (E + S)(r_c) = (E + S)'(r_c) = (E + S)''(r_c) = 0.
        double sa = (-3 * dec + delta * d2ec) / (delta * delta);
        double sb = (2 * dec - delta * d2ec) / (delta * delta * delta);
        double sc = -ec + 0.5 * delta * dec - delta * delta * d2ec / 12;
        double t = r - (rc - delta), s = sc, ds = 0;
        if (t > 0)
        {
            s = sa / 3 * t * t * t + sb / 4 * t * t * t * t + sc;
            ds = sa * t * t + sb * t * t * t;
        }
        double scale = bond.Prehc * CoulombConstant / 2 * zi * zj;
        double v = scale * (e + s), dv = scale * (de + ds);
        AceRadialFunctions.InnerPolynomial(r, rc, delta, out double p, out double dp);
        phi = v * p;
        dphi = dv * p + v * dp;
    }

    /// <summary>E(r) = ϕ(r/a)/r and its first two r-derivatives.</summary>
    private static void Screened(double r, double a, out double e, out double de, out double d2e)
    {
        double phi = 0, dphi = 0, d2phi = 0;
        for (int k = 0; k < PhiCoefficients.Length; k++)
        {
            double term = PhiCoefficients[k] * Math.Exp(PhiExponents[k] * r / a);
            phi += term;
            dphi += term * PhiExponents[k];
            d2phi += term * PhiExponents[k] * PhiExponents[k];
        }
        // ϕ derivatives are with respect to x = r/a.
        e = phi / r;
        de = -phi / (r * r) + dphi / (a * r);
        d2e = 2 * phi / (r * r * r) - 2 * dphi / (a * r * r) + d2phi / (a * a * r);
    }

    /// <summary>
    /// The blend weight f of atom i and df/dr for its deciding neighbour: among the <paramref name="count"/>
    /// gathered neighbours, the one with the smallest r − (r_in − Δ_in) (returned; −1 when there is none, f = 1).
    /// </summary>
    public static int Switch(AceBond[,] bonds, int mui, ReadOnlySpan<int> mu, ReadOnlySpan<double> r, int count, out double f, out double dfdr)
    {
        f = 1; dfdr = 0;
        int nearest = -1;
        double best = double.PositiveInfinity;
        for (int jj = 0; jj < count; jj++)
        {
            var bond = bonds[mui, mu[jj]];
            double d = r[jj] - (bond.RcutIn!.Value - bond.DcutIn!.Value);
            if (d < best) { best = d; nearest = jj; }
        }
        if (nearest < 0) return -1;
        var b = bonds[mui, mu[nearest]];
        AceRadialFunctions.InnerPolynomial(r[nearest], b.RcutIn!.Value, b.DcutIn!.Value, out double p, out double dp);
        f = 1 - p;
        dfdr = -dp;
        return nearest;
    }
}
