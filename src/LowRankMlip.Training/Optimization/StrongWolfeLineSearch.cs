namespace LowRankMlip.Training.Optimization;

/// <summary>
/// Line search for the strong Wolfe conditions (Nocedal &amp; Wright, Numerical Optimization, 2nd ed.,
/// Algorithms 3.5 and 3.6): bracket a step, then zoom with safeguarded cubic interpolation.
/// <code>
/// sufficient decrease: φ(α) ≤ φ(0) + c1 α φ'(0)      curvature: |φ'(α)| ≤ c2 |φ'(0)|
/// </code>
/// </summary>
public sealed class StrongWolfeLineSearch
{
    public double C1 { get; init; } = 1e-4;
    public double C2 { get; init; } = 0.9;
    public int MaxEvaluations { get; init; } = 30;
    public double MaxStep { get; init; } = 1e10;
    /// <summary>Growth of the trial step while bracketing (a poorly scaled first step needs few evaluations to grow).</summary>
    public double Expansion { get; init; } = 4;

    /// <summary>φ(α) and φ'(α) at α (the objective along the search direction).</summary>
    public delegate (double value, double slope) LineFunction(double alpha);

    /// <summary>Returns the accepted step, or null when none satisfies the conditions within the budget.</summary>
    public (double alpha, double value, double slope)? Search(LineFunction phi, double value0, double slope0, double initialStep)
    {
        if (!(slope0 < 0)) return null; // not a descent direction
        double alphaPrev = 0, valuePrev = value0, slopePrev = slope0;
        double alpha = Math.Min(initialStep, MaxStep);
        for (int k = 0; k < MaxEvaluations; k++)
        {
            var (value, slope) = phi(alpha);
            if (!double.IsFinite(value) || value > value0 + C1 * alpha * slope0 || (k > 0 && value >= valuePrev))
                return Zoom(phi, value0, slope0, alphaPrev, valuePrev, slopePrev, alpha, value, slope, MaxEvaluations - k - 1);
            if (Math.Abs(slope) <= -C2 * slope0) return (alpha, value, slope);
            if (slope >= 0)
                return Zoom(phi, value0, slope0, alpha, value, slope, alphaPrev, valuePrev, slopePrev, MaxEvaluations - k - 1);
            alphaPrev = alpha; valuePrev = value; slopePrev = slope;
            alpha = Math.Min(Expansion * alpha, MaxStep);
        }
        return null;
    }

    private (double, double, double)? Zoom(LineFunction phi, double value0, double slope0,
        double lo, double valueLo, double slopeLo, double hi, double valueHi, double slopeHi, int budget)
    {
        for (int k = 0; k < budget; k++)
        {
            double alpha = CubicMinimizer(lo, valueLo, slopeLo, hi, valueHi, slopeHi);
            double width = Math.Abs(hi - lo);
            double left = Math.Min(lo, hi), right = Math.Max(lo, hi);
            // Safeguard: stay inside the bracket, away from its ends.
            if (!double.IsFinite(alpha) || alpha <= left + 0.1 * width || alpha >= right - 0.1 * width) alpha = 0.5 * (lo + hi);
            if (width <= 1e-16 * Math.Max(1, right)) return null;
            var (value, slope) = phi(alpha);
            if (!double.IsFinite(value) || value > value0 + C1 * alpha * slope0 || value >= valueLo)
            {
                hi = alpha; valueHi = value; slopeHi = slope;
            }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0) return (alpha, value, slope);
                if (slope * (hi - lo) >= 0) { hi = lo; valueHi = valueLo; slopeHi = slopeLo; }
                lo = alpha; valueLo = value; slopeLo = slope;
            }
        }
        return null;
    }

    /// <summary>Minimizer of the cubic interpolating values and slopes at a and b (Nocedal &amp; Wright eq. 3.59).</summary>
    private static double CubicMinimizer(double a, double fa, double ga, double b, double fb, double gb)
    {
        if (!double.IsFinite(fb) || !double.IsFinite(gb)) return double.NaN;
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - ga * gb;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
    }
}
