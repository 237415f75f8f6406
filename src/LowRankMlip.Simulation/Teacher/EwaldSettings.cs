namespace LowRankMlip.Simulation.Teacher;

/// <summary>
/// Ewald splitting parameter α and reciprocal cutoff k_max for a real-space cutoff r_c and a relative accuracy δ
/// (flinak-teacher §9, Kolafa–Perram-style estimate): α = √(−ln δ)/r_c, so erfc(α r_c) ≈ δ, and
/// k_max = 2α√(−ln δ), so exp(−k_max²/4α²) = δ.
/// </summary>
public readonly record struct EwaldSettings(double Alpha, double KMax)
{
    public static EwaldSettings FromAccuracy(double realSpaceCutoff, double accuracy)
    {
        if (!(realSpaceCutoff > 0)) throw new ArgumentException($"the real-space cutoff must be positive, got {realSpaceCutoff}");
        if (!(accuracy > 0 && accuracy < 1)) throw new ArgumentException($"the Ewald accuracy must lie in (0, 1), got {accuracy}");
        double s = Math.Sqrt(-Math.Log(accuracy));
        double alpha = s / realSpaceCutoff;
        return new EwaldSettings(alpha, 2 * alpha * s);
    }

    /// <summary>An explicit α with the k_max that reaches the same accuracy δ.</summary>
    public static EwaldSettings FromAlpha(double alpha, double accuracy)
    {
        if (!(alpha > 0)) throw new ArgumentException($"the Ewald α must be positive, got {alpha}");
        if (!(accuracy > 0 && accuracy < 1)) throw new ArgumentException($"the Ewald accuracy must lie in (0, 1), got {accuracy}");
        return new EwaldSettings(alpha, 2 * alpha * Math.Sqrt(-Math.Log(accuracy)));
    }
}
