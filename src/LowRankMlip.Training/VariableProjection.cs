using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Training;

/// <summary>
/// Variable projection (Golub–Pereyra): the loss as a function of the radial coefficients alone, the
/// species and moment coefficients being solved exactly (normal equations) at every evaluation. By the
/// envelope theorem its gradient is the radial block of ∂L at the solved point. The model is separable
/// (linear in [ξ | θ]), which is where this converges in far fewer iterations than a joint quasi-Newton.
/// Every compression method minimizes this reduced loss over its parametrization of the radial tensor,
/// so the linear coefficients are always fitted jointly with the radial factors.
/// </summary>
public sealed class VariableProjection(Loss loss, int threads, double[] start) : IObjective
{
    private readonly double[] _gradient = new double[start.Length];

    // P_linear's r_q held fixed between resets: the solver would otherwise tie them to the current radial
    // part (r_q ∝ A_qq), and the reduced loss would have a term the envelope-theorem gradient misses.
    private double[]? _regularization;

    /// <summary>The full parameter vector [C | ξ | θ] at the last evaluated point.</summary>
    public double[] Full { get; } = (double[])start.Clone();

    public Loss Loss => loss;
    public int Dimension => loss.Layout.RadialCount;

    /// <summary>Starts again from <paramref name="x"/> (after a rescale); the next solve fixes P_linear anew.</summary>
    public void Reset(double[] x)
    {
        Array.Copy(x, Full, x.Length);
        _regularization = null;
    }

    public double Evaluate(ReadOnlySpan<double> radial, Span<double> gradient)
    {
        radial.CopyTo(Full);
        LinearSolver.Accumulate(loss, Full, threads).SolveInto(loss, Full, loss.Scaling, _regularization);
        _regularization ??= (double[])loss.LinearRegularization.Clone();
        double value = loss.Evaluate(Full, gradient.IsEmpty ? Span<double>.Empty : _gradient);
        if (!gradient.IsEmpty) _gradient.AsSpan(0, radial.Length).CopyTo(gradient);
        return value;
    }
}
