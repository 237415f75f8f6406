namespace LowRankMlip.Training.Optimization;

/// <summary>A smooth function to minimize: value and gradient at a point.</summary>
public interface IObjective
{
    int Dimension { get; }

    /// <summary>f(x); writes ∇f(x) into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}

/// <summary>Why an optimizer stopped.</summary>
public enum ExitReason
{
    /// <summary>Relative decrease over the last window of iterations below the tolerance, or a vanishing gradient.</summary>
    Converged,
    IterationLimit,
    TimeLimit,
    /// <summary>Stopped by the caller (Ctrl-C, callback).</summary>
    Cancelled,
    /// <summary>No step satisfying the strong Wolfe conditions was found along a descent direction.</summary>
    LineSearchFailed,
}

/// <summary>Stopping rules shared by the optimizers.</summary>
public sealed record StoppingCriteria
{
    public int IterationLimit { get; init; } = 1000;
    /// <summary>Stop when (f[it − Window] − f[it]) / |f[it]| &lt; Tolerance, checked every Window iterations from 2·Window on (MLIP's rule, mtp-spec §11.7).</summary>
    public double Tolerance { get; init; } = 1e-3;
    public int Window { get; init; } = 50;
    /// <summary>Stop when ‖∇f‖∞ falls below this.</summary>
    public double GradientTolerance { get; init; } = 1e-14;
    public TimeSpan? TimeLimit { get; init; }
}

/// <summary>Outcome of a minimization.</summary>
public sealed record OptimizationResult(double[] X, double Value, int Iterations, int Evaluations, ExitReason Reason);

/// <summary>Per-iteration report: iteration number, f, x, ‖g‖; return false to stop (Cancelled).</summary>
public delegate bool IterationCallback(int iteration, double value, ReadOnlySpan<double> x, double gradientNorm);
