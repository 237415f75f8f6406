using System.Diagnostics;
using LowRankMlip.Mtp;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Training;

/// <summary>Outcome of <see cref="Trainer.Run"/>.</summary>
public sealed record TrainingResult(MtpPotential Potential, ExitReason Reason, int Iterations, int Evaluations,
    IReadOnlyList<IterationRecord> History, double Loss, TrainingProfile Profile);

/// <summary>
/// Fits an MTP the way MLIP-3's `mlp train` does (mtp-spec §11.6), with a numerically sound linear
/// solve and an L-BFGS (or dense BFGS) on all parameters:
/// <list type="number">
/// <item>a template gets species and starting coefficients (<see cref="TemplateInitializer"/>), min_dist
///   becomes 0.99 × the smallest training distance, then linear solve + scaling search;</item>
/// <item>quasi-Newton iterations on L(C, ξ, θ) with the exact gradient, restarted after a linear re-solve
///   at MLIP's schedule (25, 70, 100, 150, 250, 400);</item>
/// <item>stop on the iteration limit, the relative-decrease tolerance, the time limit or cancellation;
///   then a final linear solve + scaling search.</item>
/// </list>
/// A trained potential continues from its coefficients. Checkpoints (potential + state) are written
/// atomically; <see cref="TrainerOptions.Resume"/> continues from one.
/// </summary>
public sealed class Trainer(TrainerOptions options)
{
    public TrainerOptions Options { get; } = options;

    /// <summary>Receives each loss-curve record (progress display, logs).</summary>
    public Action<IterationRecord>? OnIteration { get; init; }

    /// <summary>Receives short status messages (initialization, linear solves, rescaling).</summary>
    public Action<string>? OnMessage { get; init; }

    public TrainingResult Run(MtpPotential start, IReadOnlyList<Configuration> training, IReadOnlyList<Configuration>? validation,
        CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var history = new List<IterationRecord>();
        int iterationOffset = 0, evaluationOffset = 0;
        MtpPotential potential;
        bool fresh;
        if (Options.Resume && Options.CheckpointPath is { } cp && Checkpoint.Exists(cp))
        {
            var state = Checkpoint.Load(cp);
            potential = state.Potential;
            history.AddRange(state.History);
            iterationOffset = state.Iteration;
            evaluationOffset = state.Evaluations;
            fresh = false;
            OnMessage?.Invoke($"resumed from checkpoint {cp} at iteration {iterationOffset}");
        }
        else
        {
            potential = StartingPoint(start, training, Options.Seed);
            fresh = !start.IsTrained;
        }
        // Time spent before a resume, read once (each record's elapsed time already includes it).
        double elapsedBefore = history.Count > 0 ? history[^1].ElapsedSeconds : 0;
        var data = new TrainingSet(training, potential.MaxDist);
        if (data.Count == 0) throw new TrainingException("the training set has no configurations with atoms");
        if (fresh && Options.UpdateMinDist) UpdateMinDist(potential, data, OnMessage);
        var validSet = validation is { Count: > 0 } ? new TrainingSet(validation, potential.MaxDist) : null;
        var loss = new Loss(potential, data, Options.Weights, Options.Threads);
        var validLoss = validSet is null ? null : new Loss(potential, validSet, Options.Weights, Options.Threads);
        var x = loss.Layout.Pack(potential);

        int memory = Options.Memory ?? (loss.Layout.Total <= 4000 ? 0 : 20);
        var optimizer = _optimizer = new QuasiNewtonOptimizer(Math.Max(1, memory), dense: memory == 0)
        {
            ScaleInitialHessian = Options.ScaleInitialHessian || Options.VariableProjection,
        };
        if (fresh || Options.Precondition) SolveLinear(loss, x, rescale: fresh && Options.Rescale);

        var varPro = Options.VariableProjection ? new VariableProjection(loss, Options.Threads, x) : null;
        IObjective objective = varPro is null ? new LossObjective(loss) : varPro;
        var stop = new StoppingCriteria { IterationLimit = int.MaxValue, Tolerance = 0, Window = int.MaxValue, TimeLimit = null };
        var reason = ExitReason.IterationLimit;
        int iteration = iterationOffset;
        double value = double.NaN;
        (double e, double f)? lastValid = null;
        int limit = Options.IterationLimit;
        int lineSearchFailedAt = -1;
        while (iteration < limit)
        {
            int nextSolve = Options.LinearSolveAt.Where(k => k > iteration && k < limit).DefaultIfEmpty(limit).Min();
            ExitReason? stopReason = null;
            var segmentStart = varPro is null ? x : x[..loss.Layout.RadialCount];
            var result = optimizer.Minimize(objective, segmentStart, stop with { IterationLimit = nextSolve - iteration }, (it, f, optimizerPoint, gnorm) =>
            {
                ReadOnlySpan<double> point = varPro is null ? optimizerPoint : varPro.Full;
                iteration++;
                value = f;
                if (validLoss is not null && (iteration % Options.ValidateEvery == 0 || iteration == limit))
                {
                    validLoss.Scaling = loss.Scaling;
                    validLoss.Evaluate(point, Span<double>.Empty);
                    lastValid = (validLoss.LastEnergyRmsePerAtom, validLoss.LastForceRmse);
                }
                var record = new IterationRecord(iteration, loss.Evaluations + evaluationOffset, f, loss.LastEnergyRmsePerAtom, loss.LastForceRmse,
                    lastValid?.e, lastValid?.f, elapsedBefore + clock.Elapsed.TotalSeconds);
                history.Add(record);
                OnIteration?.Invoke(record);
                if (Options.CheckpointPath is { } path && iteration % Options.CheckpointEvery == 0)
                    Checkpoint.Save(path, Snapshot(potential, loss, point), iteration, loss.Evaluations + evaluationOffset, history);
                if (cancel.IsCancellationRequested) { stopReason = ExitReason.Cancelled; return false; }
                if (Options.MaxTime is { } t && clock.Elapsed >= t) { stopReason = ExitReason.TimeLimit; return false; }
                int w = Options.ConvergenceWindow;
                if (iteration >= 2 * w && iteration % w == 0 && history.Count > w)
                {
                    double before = history[^(w + 1)].Loss;
                    if ((before - f) / Math.Max(Math.Abs(f), 1e-300) < Options.Tolerance) { stopReason = ExitReason.Converged; return false; }
                }
                return true;
            }, cancel);
            if (varPro is null) Array.Copy(result.X, x, x.Length);
            else { varPro.Evaluate(result.X, new double[result.X.Length]); Array.Copy(varPro.Full, x, x.Length); }
            if (stopReason is { } r) { reason = r; break; }
            if (result.Reason == ExitReason.Converged) { reason = ExitReason.Converged; break; }
            if (result.Reason == ExitReason.LineSearchFailed)
            {
                // Re-solve the linear part and restart the model once; a second failure at the same point ends training.
                if (lineSearchFailedAt == iteration) { reason = ExitReason.LineSearchFailed; break; }
                lineSearchFailedAt = iteration;
                OnMessage?.Invoke($"line search found no decrease at iteration {iteration}; re-solving the linear part and restarting the quasi-Newton model");
                SolveLinear(loss, x, rescale: false);
                varPro?.Reset(x);
                continue;
            }
            if (iteration < limit && iteration == nextSolve)
            {
                // MLIP rescales after pre-training (mtp-spec §11.6); rescaling at every scheduled solve keeps
                // the radial scale well conditioned as the radial functions change (one accumulation each).
                SolveLinear(loss, x, rescale: Options.Rescale);
                varPro?.Reset(x);
                reason = ExitReason.IterationLimit;
            }
        }
        if (reason != ExitReason.Cancelled) SolveLinear(loss, x, rescale: Options.Rescale);
        var final = Snapshot(potential, loss, x);
        value = loss.Evaluate(x, Span<double>.Empty);
        if (Options.CheckpointPath is { } finalPath) Checkpoint.Save(finalPath, final, iteration, loss.Evaluations + evaluationOffset, history);
        return new TrainingResult(final, reason, iteration, loss.Evaluations + evaluationOffset, history, value, loss.Profile);
    }

    /// <summary>A template gets species and starting coefficients (mtp-spec §11.2); a trained potential is copied.</summary>
    public static MtpPotential StartingPoint(MtpPotential start, IReadOnlyList<Configuration> training, int? seed) =>
        start.IsTrained ? start.Clone() : TemplateInitializer.Initialize(start, training, seed);

    /// <summary>MLIP's min_dist update for a fresh template: 0.99 × the smallest training distance (mtp-spec §11.2).</summary>
    public static void UpdateMinDist(MtpPotential potential, TrainingSet data, Action<string>? log)
    {
        double min = data.MinimumDistance();
        if (double.IsFinite(min) && 0.99 * min < potential.MaxDist)
        {
            potential.MinDist = 0.99 * min;
            log?.Invoke($"min_dist set to 0.99 × {min:F4} = {potential.MinDist:F4} Å (smallest training distance)");
        }
    }

    private static MtpPotential Snapshot(MtpPotential shape, Loss loss, ReadOnlySpan<double> x)
    {
        var p = shape.Clone();
        loss.Layout.Unpack(x, p);
        p.Scaling = loss.Scaling;
        return p;
    }

    /// <summary>Linear solve (mtp-spec §11.4), optionally inside MLIP's scaling search (§11.5).</summary>
    private QuasiNewtonOptimizer? _optimizer;

    /// <summary>
    /// H₀ for dense BFGS: for [ξ | θ] the reciprocal Gauss–Newton curvature K/(2 A_qq) of the loss, for the
    /// radial coefficients (unit-norm functions after orthogonalization) 1 — a diagonal preconditioner in the
    /// spirit of MLIP-2's linear_mults, so the first steps are scaled per block.
    /// </summary>
    private void UpdatePreconditioner(Loss loss, LinearSolver.NormalEquations equations)
    {
        if (_optimizer is null || !Options.Precondition || Options.VariableProjection) return;
        var diag = new double[loss.Layout.Total];
        Array.Fill(diag, 1.0, 0, loss.Layout.RadialCount);
        var a = equations.Diagonal(loss.Scaling);
        for (int q = 0; q < a.Length; q++) diag[loss.Layout.LinearStart + q] = equations.ConfigurationCount / (2 * Math.Max(a[q], 1e-300));
        _optimizer.InitialDiagonal = diag;
        _optimizer.UnscaledBlockLength = loss.Layout.RadialCount;
    }

    private void SolveLinear(Loss loss, double[] x, bool rescale)
    {
        var shape = loss.Evaluator.Potential;
        RadialOrthogonalizer.Apply(loss.Layout.Radial(x.AsSpan()), shape.SpeciesCount * shape.SpeciesCount, shape.RadialFunctionCount, shape.RadialBasisSize);
        var equations = LinearRefit.Run(loss, x, Options.Threads, rescale, OnMessage);
        UpdatePreconditioner(loss, equations);
    }

    private sealed class LossObjective(Loss loss) : IObjective
    {
        public int Dimension => loss.Layout.Total;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient) => loss.Evaluate(x, gradient);
    }
}
