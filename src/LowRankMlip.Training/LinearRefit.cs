namespace LowRankMlip.Training;

/// <summary>
/// Re-solves the species and moment coefficients [ξ | θ] for the current radial part (mtp-spec §11.4),
/// optionally inside MLIP's scaling search (§11.5). Neither touches the radial coefficients, so a
/// compressed (low-rank) radial tensor stays exactly as it is.
/// </summary>
public static class LinearRefit
{
    /// <summary>Solves into <paramref name="x"/> (and sets <see cref="Loss.Scaling"/> when rescaling); returns the normal equations used.</summary>
    public static LinearSolver.NormalEquations Run(Loss loss, double[] x, int threads, bool rescale, Action<string>? log = null)
    {
        var equations = LinearSolver.Accumulate(loss, x, threads);
        if (!rescale)
        {
            equations.SolveInto(loss, x, loss.Scaling);
            log?.Invoke($"linear solve: loss {loss.Evaluate(x, Span<double>.Empty):E4}");
            return equations;
        }
        // One accumulation serves every trial scaling: the columns scale as s^degree (LinearSolver).
        double visitedLow = loss.Scaling, visitedHigh = loss.Scaling;
        for (int round = 0; round < 200; round++)
        {
            double s = loss.Scaling;
            double[] factors = [1 / 1.2, 1 / 1.1, 1, 1.1, 1.2];
            double best = double.PositiveInfinity;
            int bestIndex = 2;
            for (int k = 0; k < factors.Length; k++)
            {
                double cond = equations.SolveInto(loss, x, s * factors[k]);
                // Ties keep the middle (the current scaling), as MLIP does.
                if (cond < best || (cond == best && k == 2)) { best = cond; bestIndex = k; }
            }
            double chosen = s * factors[bestIndex];
            loss.Scaling = chosen;
            equations.SolveInto(loss, x, chosen);
            bool inside = chosen > visitedLow && chosen < visitedHigh;
            visitedLow = Math.Min(visitedLow, s * factors[0]);
            visitedHigh = Math.Max(visitedHigh, s * factors[^1]);
            if (bestIndex == 2 || inside) break;
        }
        log?.Invoke($"rescaled: scaling {loss.Scaling:E6}, loss {loss.Evaluate(x, Span<double>.Empty):E4}");
        return equations;
    }
}
