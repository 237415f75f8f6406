using LowRankMlip.LowRank;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Compression;

/// <summary>
/// MFRA: MF with automatic rank augmentation (lowrank-algorithms §5, greedy rank-one updates of
/// Uschmajew &amp; Vandereycken). Start at <see cref="CompressionOptions.StartRank"/>, run L-BFGS on the factors
/// until the loss stalls (relative decrease below <see cref="CompressionOptions.AugmentTolerance"/> over
/// <see cref="CompressionOptions.AugmentWindow"/> iterations) or the rank's share of the iteration budget is
/// spent, then raise the rank by one:
/// <list type="number">
/// <item>G = ∂L/∂C at the current W = U Vᵀ; the top singular triplet (σ, u, v) of its normal component
///   N = (I − P_U) G (I − P_V) is the steepest rank-one direction leaving the current rank;</item>
/// <item>W⁺ = W − α σ u vᵀ with α from Armijo backtracking on the reduced loss (slope −σ²), i.e. factors
///   [U, −√(ασ) u], [V, √(ασ) v]; when no α decreases the loss, the new column enters as [U, s·u], [V, 0]
///   (zero insertion: the loss is unchanged and its V-gradient Gᵀu·s is not zero);</item>
/// </list>
/// so raising the rank never increases the training loss. Stops at the target rank (then trains to the
/// run's own tolerance), or when a validation set is given and the validation loss did not improve over the
/// previous rank (the previous rank's factors are kept). The loss reached at each rank is logged.
/// </summary>
internal sealed class RankAugmentation(CompressionOptions options, Action<string>? log, Action<RankRecord>? onRank)
{
    public CompressedRadial Run(CompressionSession session, CompressedRadial? initial, double[] dense, RadialShape shape, bool fresh)
    {
        int target = options.Ranks[0];
        int rank = initial?.Kind == FactorizationKind.Factored ? initial.Ranks[0] : Math.Min(options.StartRank, target);
        var matrix = new FactoredMatrix(shape, options.View, rank);
        var factors = initial?.Kind == FactorizationKind.Factored ? initial.FactoredParameters()
            : fresh ? matrix.FromTemplate(dense, options.Training.Seed ?? 1) : matrix.FromTruncatedSvd(dense);
        var compressor = new Compressor(options);
        int ranksToGo = target - rank + 1;
        (double[] Factors, int Rank, double ValidLoss)? previous = null;
        while (true)
        {
            bool last = rank >= target;
            // Each rank gets an equal share of the remaining budget; the last rank takes what is left.
            int share = last ? int.MaxValue : session.IterationsLeft / Math.Max(1, ranksToGo);
            var stop = last ? session.Stop() : session.Stop(share, options.AugmentTolerance, options.AugmentWindow);
            int before = session.Iteration;
            var (result, _) = compressor.MinimizeFactored(session, matrix, factors, stop);
            factors = result;
            var loss = session.Reduced.Evaluate(Dense(matrix, factors), Span<double>.Empty);
            var valid = session.ValidationErrors();
            double? validLoss = valid?.Loss;
            var record = new RankRecord(rank, session.Iteration - before, loss, session.Loss.LastEnergyRmsePerAtom, session.Loss.LastForceRmse,
                validLoss, valid?.EnergyRmse, valid?.ForceRmse);
            session.Ranks.Add(record);
            onRank?.Invoke(record);
            log?.Invoke($"rank {rank}: loss {loss:E4} after {record.Iterations} iterations" + (validLoss is double vl ? $", validation loss {vl:E4}" : ""));

            if (previous is { } p && validLoss is double v && v >= p.ValidLoss)
            {
                log?.Invoke($"rank {rank} did not improve the validation loss ({v:E4} ≥ {p.ValidLoss:E4}); keeping rank {p.Rank}");
                matrix = matrix.WithRank(p.Rank);
                factors = p.Factors;
                session.Reduced.Evaluate(Dense(matrix, factors), Span<double>.Empty);
                break;
            }
            if (last || session.StopReason is not null) break;
            if (validLoss is double current) previous = (factors, rank, current);

            factors = Augment(session.Reduced, matrix, factors, shape, options.Training.Seed ?? 1);
            rank++;
            ranksToGo--;
            matrix = matrix.WithRank(rank);
        }
        return CompressedRadial.FromFactored(matrix, factors);
    }

    private static double[] Dense(FactoredMatrix matrix, double[] factors)
    {
        var c = new double[matrix.Shape.Length];
        matrix.Compose(factors, c);
        return c;
    }

    /// <summary>
    /// One greedy rank-one step (class comment) on <paramref name="loss"/>, a function of the dense radial tensor C
    /// (the MTP's reduced loss, or the ACE loss of LowRankMlip.Ace); returns the rank-(r+1) factors and leaves the loss
    /// last evaluated at the returned point.
    /// </summary>
    internal static double[] Augment(IObjective loss, FactoredMatrix matrix, double[] factors, RadialShape shape, int seed)
    {
        var w = Dense(matrix, factors);
        var gradient = new double[w.Length];
        double f0 = loss.Evaluate(w, gradient);
        var fixedRank = new FixedRankManifold(shape, matrix.View, matrix.Rank);
        var direction = fixedRank.NormalDirection(fixedRank.Truncate(w), gradient);
        int m = matrix.Rows, n = matrix.Columns, r = matrix.Rank;
        if (direction is { } d && d.Sigma > 0)
        {
            var (sigma, u, v) = d;
            double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(w));
            // First trial: a step as long as 10 % of ‖W‖ (the direction σuvᵀ has norm σ).
            double alpha = 0.1 * Math.Max(norm, 1e-12) / sigma;
            var trial = new double[w.Length];
            var step = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) step[i * n + j] = u[i] * v[j];
            var stepFlat = new double[w.Length];
            RadialViews.FromMatrix(step, shape, matrix.View, stepFlat);
            for (int attempt = 0; attempt < 30; attempt++, alpha *= 0.5)
            {
                for (int k = 0; k < w.Length; k++) trial[k] = w[k] - alpha * sigma * stepFlat[k];
                double f = loss.Evaluate(trial, Span<double>.Empty);
                if (f <= f0 - 1e-4 * alpha * sigma * sigma)
                {
                    double s = Math.Sqrt(alpha * sigma);
                    var uColumn = u.Select(x => -s * x).ToArray();
                    var vColumn = v.Select(x => s * x).ToArray();
                    loss.Evaluate(trial, Span<double>.Empty);
                    return AppendColumn(factors, m, n, r, uColumn, vColumn);
                }
            }
        }
        // Zero insertion with a seeded unit vector when the greedy step found no decrease.
        var rng = new Random(seed + r);
        var unit = direction?.U ?? Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double unitNorm = Math.Sqrt(unit.Sum(x => x * x));
        double scale = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(factors.AsSpan(0, m * r)) / Math.Max(1, r));
        loss.Evaluate(w, Span<double>.Empty);
        return AppendColumn(factors, m, n, r, unit.Select(x => scale * x / unitNorm).ToArray(), new double[n]);
    }

    /// <summary>[U | V] of rank r (row-major m×r and n×r) with one more column appended to each.</summary>
    internal static double[] AppendColumn(ReadOnlySpan<double> factors, int m, int n, int r, double[] uColumn, double[] vColumn)
    {
        var result = new double[(m + n) * (r + 1)];
        for (int i = 0; i < m; i++)
        {
            factors.Slice(i * r, r).CopyTo(result.AsSpan(i * (r + 1)));
            result[i * (r + 1) + r] = uColumn[i];
        }
        int vOld = m * r, vNew = m * (r + 1);
        for (int j = 0; j < n; j++)
        {
            factors.Slice(vOld + j * r, r).CopyTo(result.AsSpan(vNew + j * (r + 1)));
            result[vNew + j * (r + 1) + r] = vColumn[j];
        }
        return result;
    }
}
