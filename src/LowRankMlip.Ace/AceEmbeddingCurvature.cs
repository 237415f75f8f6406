namespace LowRankMlip.Ace;

/// <summary>
/// Second derivative F''(ρ; m) of the embeddings of ace-spec §5 (<see cref="AceEmbeddingFunctions"/>), needed by the
/// tangent of F'(ρ) in the force/virial loss gradient. Both forms are odd in ρ, so F'' = sign(ρ)·v''(|ρ|) with v the
/// function of a = |ρ|.
/// </summary>
internal static class AceEmbeddingCurvature
{
    public static double SecondDerivative(AceEmbeddingKind kind, double rho, double m) => kind switch
    {
        AceEmbeddingKind.FinnisSinclair => FinnisSinclair(rho, m),
        _ => ShiftedScaled(rho, m),
    };

    /// <summary>v = (1 − g)a^m + w^{1−m} g a, g = exp(−(wa)³): v'' = −g''a^m − 2g'm a^{m−1} + (1 − g)m(m−1)a^{m−2} + w^{1−m}(g''a + 2g').</summary>
    private static double FinnisSinclair(double rho, double m)
    {
        const double w = 1e6;
        double a = Math.Abs(rho);
        if (m == 1 || a <= 1e-10) return 0;
        double wa = w * a, w3 = w * w * w;
        double g = Math.Exp(-wa * wa * wa);
        double dg = -3 * w3 * a * a * g;
        double d2g = -6 * w3 * a * g - 3 * w3 * a * a * dg;
        double am = Math.Pow(a, m);
        double value = -d2g * am - 2 * dg * m * am / a + (1 - g) * m * (m - 1) * am / (a * a) + Math.Pow(w, 1 - m) * (d2g * a + 2 * dg);
        return Math.Sign(rho) * value;
    }

    /// <summary>v = (x + a)^m − y with x, y ∝ e^{−a}: v'' = m x (x + a)^{m−1} + m(m−1)(1 − x)²(x + a)^{m−2} − y.</summary>
    private static double ShiftedScaled(double rho, double m)
    {
        if (Math.Abs(m - 1) < 1e-10) return 0;
        double a = Math.Abs(rho), nu = 1 / m, decay = Math.Exp(-a);
        double x = Math.Pow(nu, nu / (1 - nu)) * decay, y = Math.Pow(nu, 1 / (1 - nu)) * decay;
        double value = m * x * Math.Pow(x + a, m - 1) + m * (m - 1) * (1 - x) * (1 - x) * Math.Pow(x + a, m - 2) - y;
        return Math.Sign(rho) * value;
    }
}
