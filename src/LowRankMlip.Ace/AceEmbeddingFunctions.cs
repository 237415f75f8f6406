namespace LowRankMlip.Ace;

/// <summary>Embedding F(ρ; m) and dF/dρ of ace-spec §5 (ML-PACE Fexp and FexpShiftedScaled).</summary>
internal static class AceEmbeddingFunctions
{
    public static double Evaluate(AceEmbeddingKind kind, double rho, double m, out double derivative) => kind switch
    {
        AceEmbeddingKind.FinnisSinclair => FinnisSinclair(rho, m, out derivative),
        _ => ShiftedScaled(rho, m, out derivative),
    };

    /// <summary>F = sign(ρ)((1 − g)|ρ|^m + w^{1−m} g|ρ|), g = exp(−(w|ρ|)³), w = 10⁶; linear below 1e−10.</summary>
    private static double FinnisSinclair(double rho, double m, out double derivative)
    {
        const double w = 1e6;
        double wScale = Math.Pow(w, 1 - m);
        if (m == 1) { derivative = 1; return rho; }
        double a = Math.Abs(rho);
        if (a <= 1e-10) { derivative = wScale; return wScale * rho; }
        double wa = w * a;
        double g = Math.Exp(-wa * wa * wa), dg = -3 * w * wa * wa * g;
        double am = Math.Pow(a, m);
        double value = (1 - g) * am + wScale * g * a;
        // F is odd in ρ, so dF/dρ is the derivative in a = |ρ|.
        derivative = -dg * am + (1 - g) * m * am / a + wScale * (dg * a + g);
        return Math.Sign(rho) * value;
    }

    /// <summary>F = sign(ρ)((x_off + |ρ|)^m − y_off) with the exponentially decaying offsets of ace-spec §5.</summary>
    private static double ShiftedScaled(double rho, double m, out double derivative)
    {
        if (Math.Abs(m - 1) < 1e-10) { derivative = 1; return rho; }
        double a = Math.Abs(rho), nu = 1 / m, decay = Math.Exp(-a);
        double xOff = Math.Pow(nu, nu / (1 - nu)) * decay, yOff = Math.Pow(nu, 1 / (1 - nu)) * decay;
        double shifted = Math.Pow(xOff + a, m - 1);
        derivative = yOff + m * (1 - xOff) * shifted;
        return Math.Sign(rho) * (shifted * (xOff + a) - yOff);
    }
}
