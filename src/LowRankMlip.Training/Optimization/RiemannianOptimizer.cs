using System.Diagnostics;
using LowRankMlip.LowRank;

namespace LowRankMlip.Training.Optimization;

/// <summary>
/// Riemannian CG and L-BFGS on a low-rank manifold (lowrank-algorithms §2–§4): Riemannian gradient P_x(G) of the
/// Euclidean gradient G, retraction R_x, and vector transport by projection onto the new tangent space.
/// <list type="bullet">
/// <item>CG: η⁺ = −g⁺ + β T(η), β = max(0, ⟨g⁺, g⁺ − T(g)⟩/⟨g, g⟩) (PR+); restart with −g⁺ when ⟨η⁺, g⁺⟩ ≥ 0 or
/// |⟨g⁺, T(g)⟩|/‖g⁺‖² &gt; 0.1 (Powell).</item>
/// <item>L-BFGS: pairs s = T(tη), y = g⁺ − T(g), transported each iteration; skipped if ⟨s, y⟩ ≤ 1e-10‖s‖².</item>
/// </list>
/// Armijo backtracking from t0 = 1 (L-BFGS with curvature pairs), else t0 = min(1, 1/‖g‖) on the first iteration and
/// Nocedal &amp; Wright's α0 = α_prev⟨g_prev, η_prev⟩/⟨g, η⟩ (eq. 3.60) afterwards. A failed line search restarts once
/// from steepest descent, then stops with <see cref="ExitReason.LineSearchFailed"/>.
/// </summary>
public sealed class RiemannianOptimizer
{
    /// <summary>Powell's restart threshold on |⟨g⁺, T(g)⟩| / ‖g⁺‖² (lowrank-algorithms §2).</summary>
    private const double PowellRestart = 0.1;

    public RiemannianOptimizer(RiemannianMethod method = RiemannianMethod.Lbfgs, int memory = 20)
    {
        if (memory < 1) throw new ArgumentOutOfRangeException(nameof(memory), memory, "L-BFGS memory must be at least 1.");
        Method = method;
        Memory = memory;
    }

    public RiemannianMethod Method { get; }
    public int Memory { get; }
    public RiemannianLineSearch LineSearch { get; init; } = new();

    public ManifoldResult Minimize(ILowRankManifold manifold, LowRankPoint start, ManifoldObjective objective, StoppingCriteria stop,
        ManifoldIterationCallback? onIteration = null, CancellationToken cancel = default)
    {
        int n = manifold.Shape.Length;
        var clock = Stopwatch.StartNew();
        var x = start;
        var euclidean = new double[n];
        double f = objective(x, euclidean);
        int evaluations = 1;
        var g = new double[n];
        manifold.Project(x, euclidean, g);
        var history = new List<double> { f };
        var memory = new RiemannianLbfgsMemory(Memory);
        var direction = new double[n];
        double[]? conjugateDirection = null; // CG's next direction, already in the current tangent space
        double previousStep = 0, previousSlope = 0;
        bool havePrevious = false, restarted = false;

        for (int iteration = 1; ; iteration++)
        {
            if (cancel.IsCancellationRequested) return new(x, f, iteration - 1, evaluations, ExitReason.Cancelled);
            if (iteration > stop.IterationLimit) return new(x, f, iteration - 1, evaluations, ExitReason.IterationLimit);
            if (stop.TimeLimit is { } limit && clock.Elapsed >= limit) return new(x, f, iteration - 1, evaluations, ExitReason.TimeLimit);
            if (NormInf(g) <= stop.GradientTolerance) return new(x, f, iteration - 1, evaluations, ExitReason.Converged);

            // Steepest descent on the first iteration, after a failed line search, and whenever the method's
            // direction is not a descent direction.
            bool steepest = restarted || (Method == RiemannianMethod.Lbfgs ? memory.Count == 0 : conjugateDirection is null);
            if (!steepest && Method == RiemannianMethod.Lbfgs)
            {
                memory.ApplyInverseHessian(g, direction);
                Negate(direction);
            }
            else if (!steepest) conjugateDirection!.CopyTo(direction, 0);
            double slope = Dot(g, direction);
            if (steepest || !(slope < 0))
            {
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope = Dot(g, direction);
                memory.Clear();
                steepest = true;
            }

            double freshStep = Math.Min(1.0, 1.0 / Math.Max(1e-300, Norm2(g)));
            double initial = freshStep;
            if (Method == RiemannianMethod.Lbfgs && memory.Count > 0) initial = 1.0;
            else if (havePrevious && !restarted && previousStep * previousSlope / slope is var guess && double.IsFinite(guess) && guess > 0) initial = guess;

            var outcome = LineSearch.Search(manifold, x, f, slope, direction, initial, objective);
            evaluations += outcome.Evaluations;
            if (!outcome.Accepted)
            {
                // Retry once from steepest descent with the fresh step, unless that is what just failed.
                if (restarted || steepest && initial == freshStep) return new(x, f, iteration - 1, evaluations, ExitReason.LineSearchFailed);
                memory.Clear();
                conjugateDirection = null;
                restarted = true;
                iteration--;
                continue;
            }
            restarted = false;

            var xNew = outcome.Point!;
            var euclideanNew = outcome.EuclideanGradient!;
            var gNew = new double[n];
            manifold.Project(xNew, euclideanNew, gNew);
            // Vector transport by projection onto the new tangent space (lowrank-algorithms §2).
            var gMoved = new double[n];
            var directionMoved = new double[n];
            manifold.Project(xNew, g, gMoved);
            manifold.Project(xNew, direction, directionMoved);

            if (Method == RiemannianMethod.Lbfgs)
            {
                memory.Transport(manifold, xNew);
                var s = new double[n];
                var y = new double[n];
                for (int i = 0; i < n; i++) { s[i] = outcome.Step * directionMoved[i]; y[i] = gNew[i] - gMoved[i]; }
                memory.Push(s, y);
            }
            else conjugateDirection = NextConjugateDirection(g, gNew, gMoved, directionMoved);

            previousStep = outcome.Step;
            previousSlope = slope;
            havePrevious = true;
            x = xNew;
            f = outcome.Value;
            g = gNew;
            history.Add(f);
            if (onIteration is not null && !onIteration(iteration, f, x, NormInf(g))) return new(x, f, iteration, evaluations, ExitReason.Cancelled);
            int w = stop.Window;
            if (w > 0 && iteration >= 2 * w && iteration % w == 0)
            {
                double before = history[iteration - w];
                if ((before - f) / Math.Max(Math.Abs(f), 1e-300) < stop.Tolerance) return new(x, f, iteration, evaluations, ExitReason.Converged);
            }
        }
    }

    /// <summary>PR+ update with the restart rules of lowrank-algorithms §2 (all vectors in the new tangent space).</summary>
    private static double[] NextConjugateDirection(double[] g, double[] gNew, double[] gMoved, double[] directionMoved)
    {
        int n = gNew.Length;
        double gg = Dot(g, g), newNorm2 = Dot(gNew, gNew), overlap = Dot(gNew, gMoved);
        double beta = Math.Max(0, (newNorm2 - overlap) / Math.Max(gg, 1e-300));
        var next = new double[n];
        for (int i = 0; i < n; i++) next[i] = -gNew[i] + beta * directionMoved[i];
        if (Dot(next, gNew) >= 0 || Math.Abs(overlap) > PowellRestart * newNorm2)
            for (int i = 0; i < n; i++) next[i] = -gNew[i];
        return next;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
    private static double Norm2(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);
    private static double NormInf(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(a) is var m && double.IsNaN(m) ? double.PositiveInfinity : Math.Abs(m);

    private static void Negate(double[] v)
    {
        for (int i = 0; i < v.Length; i++) v[i] = -v[i];
    }
}
