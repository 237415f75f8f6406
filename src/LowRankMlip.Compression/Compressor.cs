using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Compression;

/// <summary>
/// Compresses an MTP's radial tensor with one method (lowrank-algorithms §1–§5), always fitting the species
/// and moment coefficients jointly: every method minimizes the reduced loss of <see cref="VariableProjection"/>
/// (MLIP's loss with [ξ | θ] solved exactly at each evaluation) over its own parametrization of C.
/// <list type="bullet">
/// <item>svd: truncated SVD (matrix view), HOSVD or TT-SVD (tensor view) of the start; optionally a refit of [ξ | θ] and the scaling;</item>
/// <item>mf: L-BFGS on the factors [U | V] from the truncated SVD (balanced, U Σ^½, V Σ^½);</item>
/// <item>rmf, tucker, tt: Riemannian L-BFGS or CG on the fixed-rank, Tucker or TT manifold from the truncation;</item>
/// <item>mfra: <see cref="RankAugmentation"/>.</item>
/// </list>
/// The start is a trained potential (compressed or not) or a template (initialized as the trainer does,
/// then truncated after a small seeded perturbation so that every rank direction is populated). Scaling
/// search (mtp-spec §11.5) runs at the start of a fresh run and at the end; it touches s, ξ and θ only, so
/// the factors stay exact. Checkpoints store the compressed potential and the loss curve; resume continues
/// from the stored factors.
/// </summary>
public sealed class Compressor(CompressionOptions options)
{
    public CompressionOptions Options { get; } = options;
    public Action<IterationRecord>? OnIteration { get; init; }
    public Action<string>? OnMessage { get; init; }
    public Action<RankRecord>? OnRank { get; init; }

    public CompressionResult Run(MtpPotential start, CompressedPotential? startCompressed, IReadOnlyList<Configuration> training,
        IReadOnlyList<Configuration>? validation, CancellationToken cancel = default)
    {
        var t = Options.Training;
        MtpPotential potential;
        CompressedRadial? initial = null;
        bool fresh = false;
        CompressionCheckpoint.State? resumed = null;
        if (t.Resume && t.CheckpointPath is { } cp && CompressionCheckpoint.Exists(cp))
        {
            resumed = CompressionCheckpoint.Load(cp);
            if (resumed.Compressed.Method != Options.Method)
                throw new ArgumentException($"checkpoint {cp} was written by method {CompressionMethods.Name(resumed.Compressed.Method)}, not {CompressionMethods.Name(Options.Method)}");
            potential = resumed.Compressed.Potential.Clone();
            initial = resumed.Compressed.Radial;
            OnMessage?.Invoke($"resumed from checkpoint {cp} at iteration {resumed.Iteration}");
        }
        else
        {
            potential = Trainer.StartingPoint(startCompressed?.Potential ?? start, training, t.Seed);
            fresh = !start.IsTrained;
            if (startCompressed is not null && Continues(startCompressed.Radial)) initial = startCompressed.Radial;
        }
        var shape = new RadialShape(potential.SpeciesCount, potential.RadialFunctionCount, potential.RadialBasisSize);
        var manifold = CompressionTargets.Manifold(Options.Method, shape, Options.View, Options.Ranks);

        var data = new TrainingSet(training, potential.MaxDist);
        if (data.Count == 0) throw new TrainingException("the training set has no configurations with atoms");
        if (fresh && t.UpdateMinDist) Trainer.UpdateMinDist(potential, data, OnMessage);
        var validSet = validation is { Count: > 0 } ? new TrainingSet(validation, potential.MaxDist) : null;
        var loss = new Loss(potential, data, t.Weights, t.Threads);
        var validLoss = validSet is null ? null : new Loss(potential, validSet, t.Weights, t.Threads);
        var x = loss.Layout.Pack(potential);
        if (fresh)
        {
            RadialOrthogonalizer.Apply(loss.Layout.Radial(x.AsSpan()), shape.Pairs, shape.Functions, shape.BasisSize);
            LinearRefit.Run(loss, x, t.Threads, t.Rescale, OnMessage);
            Perturb(loss.Layout.Radial(x.AsSpan()), t.Seed ?? 1);
        }

        var reduced = new VariableProjection(loss, t.Threads, x);
        var session = new CompressionSession(Options, potential, reduced, validLoss, resumed?.History ?? [], resumed?.Iteration ?? 0,
            resumed?.Evaluations ?? 0, resumed?.Ranks ?? [], cancel) { OnIteration = OnIteration };
        var dense = loss.Layout.Radial(x.AsSpan()).ToArray();

        var (radial, optimizerReason) = Options.Method switch
        {
            CompressionMethod.Svd => (CompressedRadial.FromPoint(manifold!, manifold!.Truncate(dense)), ExitReason.Converged),
            CompressionMethod.Mf => RunFactored(session, initial, dense, shape),
            CompressionMethod.Mfra => (new RankAugmentation(Options, OnMessage, OnRank).Run(session, initial, dense, shape, fresh), ExitReason.IterationLimit),
            _ => RunRiemannian(session, manifold!, initial, dense, cancel),
        };

        // Final [ξ | θ] for the final factors: solved (and rescaled) unless svd without refit keeps the start's.
        radial.Dense.CopyTo(x, 0);
        if (Options.Method != CompressionMethod.Svd) Array.Copy(reduced.Full, loss.Layout.LinearStart, x, loss.Layout.LinearStart, loss.Layout.LinearCount);
        bool refit = Options.Method == CompressionMethod.Svd ? Options.RefitLinear : session.StopReason != ExitReason.Cancelled;
        if (refit) LinearRefit.Run(loss, x, t.Threads, t.Rescale, OnMessage);
        reduced.Reset(x);
        double value = loss.Evaluate(x, Span<double>.Empty);
        var result = session.Snapshot(radial);
        if (t.CheckpointPath is { } path) session.SaveCheckpoint(path, radial);
        var reason = session.StopReason ?? optimizerReason;
        return new CompressionResult(result, reason, session.Iteration, session.Evaluations, session.History, session.Ranks, value,
            loss.LastEnergyRmsePerAtom, loss.LastForceRmse, loss.Profile);
    }

    /// <summary>A compressed start continues as it is when it already has this method's form (same kind, view and ranks).</summary>
    private bool Continues(CompressedRadial r) =>
        r.View == Options.View && (Options.Method == CompressionMethod.Mfra
            ? r.Kind == FactorizationKind.Factored
            : r.Ranks.SequenceEqual(Options.Ranks) && r.Kind == Options.Method switch
            {
                CompressionMethod.Mf => FactorizationKind.Factored,
                CompressionMethod.Rmf => FactorizationKind.FixedRank,
                CompressionMethod.Tucker => FactorizationKind.Tucker,
                CompressionMethod.Tt => FactorizationKind.TensorTrain,
                _ => r.Kind,
            });

    /// <summary>Adds 1 % seeded noise (relative to the RMS entry) so a template's rank-deficient tensor has every rank direction populated.</summary>
    private static void Perturb(Span<double> c, int seed)
    {
        var rng = new Random(seed);
        double rms = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(c) / Math.Max(1, c.Length));
        for (int k = 0; k < c.Length; k++) c[k] += 0.01 * rms * (2 * rng.NextDouble() - 1);
    }

    private (CompressedRadial, ExitReason) RunFactored(CompressionSession session, CompressedRadial? initial, double[] dense, RadialShape shape)
    {
        var matrix = new FactoredMatrix(shape, Options.View, Options.Ranks[0]);
        var factors = initial?.Kind == FactorizationKind.Factored ? initial.FactoredParameters() : matrix.FromTruncatedSvd(dense);
        var (result, reason) = MinimizeFactored(session, matrix, factors, session.Stop());
        return (CompressedRadial.FromFactored(matrix, result), reason);
    }

    /// <summary>L-BFGS (or dense BFGS with memory 0) on MF factors within the session's limits.</summary>
    internal (double[] Factors, ExitReason Reason) MinimizeFactored(CompressionSession session, FactoredMatrix matrix, double[] factors, StoppingCriteria stop)
    {
        var objective = new FactoredObjective(matrix, session.Reduced);
        int memory = Options.Training.Memory ?? 20;
        var optimizer = new QuasiNewtonOptimizer(Math.Max(1, memory), dense: memory == 0);
        double[] current = factors;
        session.Current = () => CompressedRadial.FromFactored(matrix, current);
        var result = optimizer.Minimize(objective, factors, stop, (_, f, x, _) =>
        {
            current = x.ToArray();
            return session.Report(f);
        });
        // Leave the reduced loss at the returned point (its [ξ | θ] belong to these factors).
        objective.Evaluate(result.X, Span<double>.Empty);
        return (result.X, result.Reason);
    }

    private (CompressedRadial, ExitReason) RunRiemannian(CompressionSession session, ILowRankManifold manifold, CompressedRadial? initial, double[] dense, CancellationToken cancel)
    {
        var start = initial is not null && initial.Kind != FactorizationKind.Factored ? initial.Point() : manifold.Truncate(dense);
        var optimizer = new RiemannianOptimizer(Options.Riemannian, Options.Training.Memory is > 0 and var m ? m : 20);
        LowRankPoint current = start;
        session.Current = () => CompressedRadial.FromPoint(manifold, current);
        var result = optimizer.Minimize(manifold, start, (point, gradient) => session.Reduced.Evaluate(point.Dense, gradient), session.Stop(),
            (_, f, point, _) =>
            {
                current = point;
                return session.Report(f);
            }, cancel);
        session.Reduced.Evaluate(result.X.Dense, Span<double>.Empty);
        return (CompressedRadial.FromPoint(manifold, result.X), result.Reason);
    }
}
