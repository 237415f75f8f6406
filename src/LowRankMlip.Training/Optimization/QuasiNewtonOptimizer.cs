using System.Diagnostics;

namespace LowRankMlip.Training.Optimization;

/// <summary>
/// Quasi-Newton minimization with a strong-Wolfe line search: limited-memory BFGS (two-loop recursion,
/// Nocedal &amp; Wright Alg. 7.4, initial scaling γ = sᵀy/yᵀy) or dense inverse-Hessian BFGS (eq. 6.17).
/// Curvature pairs with sᵀy ≤ 0 are skipped; a failed line search restarts once from steepest descent
/// before giving up.
/// </summary>
public sealed class QuasiNewtonOptimizer
{
    public QuasiNewtonOptimizer(int memory = 10, bool dense = false)
    {
        Memory = memory;
        Dense = dense;
    }

    public int Memory { get; }
    public bool Dense { get; }

    // The curvature model persists across Minimize calls (a trainer re-solving the linear part between
    // segments keeps it, as MLIP keeps its inverse Hessian); Reset() discards it.
    private CurvatureMemory? _memory;
    private double[,]? _inverseHessian;

    private bool _modelFresh = true;

    /// <summary>
    /// Diagonal of the initial inverse Hessian H₀ (dense BFGS), e.g. the reciprocal Gauss–Newton curvature
    /// of each parameter; null = I. Applied whenever the model is (re)initialized.
    /// </summary>
    public double[]? InitialDiagonal { get; set; }

    /// <summary>
    /// With <see cref="InitialDiagonal"/>: the first this-many parameters have no curvature estimate; at the
    /// first update their diagonal becomes γ = s_bᵀy_b / y_bᵀy_b of that block (Nocedal &amp; Wright eq. 6.20 per block).
    /// </summary>
    public int UnscaledBlockLength { get; set; }

    public void Reset()
    {
        _memory = null;
        _inverseHessian = null;
    }

    private double[,] InitialModel(int n)
    {
        var h = new double[n, n];
        for (int i = 0; i < n; i++) h[i, i] = InitialDiagonal is { } d && d.Length == n ? d[i] : 1;
        _modelFresh = true;
        return h;
    }
    public StrongWolfeLineSearch LineSearch { get; init; } = new();

    /// <summary>Dense BFGS: scale H₀ to γI before the first update (off by default: on MTP losses it converged
    /// slower, 2026-11-25, level-8 Cu: 1.1e-5 vs 2.7e-6 after 500 iterations).</summary>
    public bool ScaleInitialHessian { get; init; }

    public OptimizationResult Minimize(IObjective objective, double[] start, StoppingCriteria stop, IterationCallback? onIteration = null,
        CancellationToken cancel = default)
    {
        int n = objective.Dimension;
        var x = (double[])start.Clone();
        var g = new double[n];
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        int evaluations = 0;
        var clock = Stopwatch.StartNew();
        double f = objective.Evaluate(x, g);
        evaluations++;
        var history = new List<double> { f };
        if (_memory is null || _memory.Dimension != n) _memory = new CurvatureMemory(n, Dense ? 0 : Memory);
        if (Dense && (_inverseHessian is null || _inverseHessian.GetLength(0) != n)) _inverseHessian = InitialModel(n);
        var memory = _memory;
        double[,]? inverseHessian = _inverseHessian;
        bool restarted = false;

        for (int iteration = 1; ; iteration++)
        {
            if (cancel.IsCancellationRequested) return new(x, f, iteration - 1, evaluations, ExitReason.Cancelled);
            if (iteration > stop.IterationLimit) return new(x, f, iteration - 1, evaluations, ExitReason.IterationLimit);
            if (stop.TimeLimit is { } limit && clock.Elapsed >= limit) return new(x, f, iteration - 1, evaluations, ExitReason.TimeLimit);
            if (NormInf(g) <= stop.GradientTolerance) return new(x, f, iteration - 1, evaluations, ExitReason.Converged);

            if (Dense) ApplyDense(inverseHessian!, g, direction); else memory.ApplyInverseHessian(g, direction);
            for (int i = 0; i < n; i++) direction[i] = -direction[i];
            double slope0 = Dot(g, direction);
            if (!(slope0 < 0))
            {
                // Not a descent direction (should not happen with positive curvature pairs): restart.
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope0 = Dot(g, direction);
                memory.Clear();
                if (Dense) _inverseHessian = inverseHessian = InitialModel(n);
            }
            // First step of a fresh model: a unit-length move; afterwards the quasi-Newton step α = 1.
            bool freshModel = Dense ? restarted || (_modelFresh && InitialDiagonal is null) : memory.Count == 0;
            double initial = freshModel ? Math.Min(1.0, 1.0 / Math.Max(1e-300, Norm2(g))) : 1.0;
            double fStart = f;
            var accepted = LineSearch.Search(alpha =>
            {
                for (int i = 0; i < n; i++) trial[i] = x[i] + alpha * direction[i];
                double value = objective.Evaluate(trial, trialGradient);
                evaluations++;
                return (value, Dot(trialGradient, direction));
            }, f, slope0, initial);

            if (accepted is null)
            {
                if (restarted || memory.Count == 0 && !Dense) return new(x, f, iteration - 1, evaluations, ExitReason.LineSearchFailed);
                memory.Clear();
                if (Dense) _inverseHessian = inverseHessian = InitialModel(n);
                restarted = true;
                iteration--;
                continue;
            }
            restarted = false;
            double step = accepted.Value.alpha;
            // The line search returns right after evaluating the accepted step, so trial and
            // trialGradient hold that point.
            double fNew = accepted.Value.value;
            var s = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++) { s[i] = trial[i] - x[i]; y[i] = trialGradient[i] - g[i]; }
            Array.Copy(trial, x, n);
            Array.Copy(trialGradient, g, n);
            f = fNew;
            double sy = Dot(s, y);
            if (sy > 1e-300)
            {
                if (Dense)
                {
                    // First update of a fresh model: scale H₀ = I to γI, γ = sᵀy/yᵀy (Nocedal & Wright eq. 6.20),
                    // so the next step has the right length instead of a long line search.
                    if (ScaleInitialHessian && _modelFresh && InitialDiagonal is null) ScaleDiagonal(inverseHessian!, sy / Dot(y, y));
                    if (_modelFresh && InitialDiagonal is not null && UnscaledBlockLength > 0)
                    {
                        var sb = s.AsSpan(0, UnscaledBlockLength);
                        var yb = y.AsSpan(0, UnscaledBlockLength);
                        double yy = Dot(yb, yb), syb = Dot(sb, yb);
                        if (yy > 0 && syb > 0)
                            for (int i = 0; i < UnscaledBlockLength; i++) inverseHessian![i, i] = syb / yy;
                    }
                    UpdateDense(inverseHessian!, s, y, sy);
                    _modelFresh = false;
                }
                else memory.Push(s, y, sy);
            }
            history.Add(f);
            if (onIteration is not null && !onIteration(iteration, f, x, NormInf(g))) return new(x, f, iteration, evaluations, ExitReason.Cancelled);
            int w = stop.Window;
            if (iteration >= 2 * w && iteration % w == 0)
            {
                double before = history[iteration - w];
                if ((before - f) / Math.Max(Math.Abs(f), 1e-300) < stop.Tolerance) return new(x, f, iteration, evaluations, ExitReason.Converged);
            }
            if (Math.Abs(fStart - f) == 0 && step > 0 && NormInf(g) == 0) return new(x, f, iteration, evaluations, ExitReason.Converged);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
    private static double Norm2(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);
    private static double NormInf(ReadOnlySpan<double> a) => System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(a) is var m && double.IsNaN(m) ? double.PositiveInfinity : Math.Abs(m);

    private static void ScaleDiagonal(double[,] h, double gamma)
    {
        for (int i = 0; i < h.GetLength(0); i++) h[i, i] = gamma;
    }

    private static void ApplyDense(double[,] h, double[] g, double[] result)
    {
        int n = g.Length;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += h[i, j] * g[j];
            result[i] = s;
        }
    }

    /// <summary>H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy (Nocedal &amp; Wright eq. 6.17).</summary>
    private static void UpdateDense(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        double rho = 1 / sy;
        var hy = new double[n];
        for (int i = 0; i < n; i++) { double t = 0; for (int j = 0; j < n; j++) t += h[i, j] * y[j]; hy[i] = t; }
        double yhy = Dot(y, hy);
        double factor = (1 + rho * yhy) * rho;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] += factor * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
    }

    /// <summary>The last m curvature pairs and the two-loop recursion.</summary>
    private sealed class CurvatureMemory(int n, int capacity)
    {
        public int Dimension => n;
        private readonly List<(double[] s, double[] y, double rho)> _pairs = new();
        private readonly double[] _alpha = new double[Math.Max(1, capacity)];

        public int Count => _pairs.Count;
        public void Clear() => _pairs.Clear();

        public void Push(double[] s, double[] y, double sy)
        {
            if (capacity == 0) return;
            if (_pairs.Count == capacity) _pairs.RemoveAt(0);
            _pairs.Add((s, y, 1 / sy));
        }

        public void ApplyInverseHessian(double[] g, double[] r)
        {
            Array.Copy(g, r, n);
            for (int k = _pairs.Count - 1; k >= 0; k--)
            {
                var (s, y, rho) = _pairs[k];
                _alpha[k] = rho * Dot(s, r);
                for (int i = 0; i < n; i++) r[i] -= _alpha[k] * y[i];
            }
            if (_pairs.Count > 0)
            {
                var (s, y, _) = _pairs[^1];
                double gamma = Dot(s, y) / Dot(y, y);
                for (int i = 0; i < n; i++) r[i] *= gamma;
            }
            for (int k = 0; k < _pairs.Count; k++)
            {
                var (s, y, rho) = _pairs[k];
                double beta = rho * Dot(y, r);
                for (int i = 0; i < n; i++) r[i] += (_alpha[k] - beta) * s[i];
            }
        }
    }
}
