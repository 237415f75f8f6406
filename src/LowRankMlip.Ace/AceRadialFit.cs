using LowRankMlip.LowRank;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Ace;

/// <summary>
/// Fit of a low-rank crad to a labelled reference set by the energy loss of <see cref="AceEnergyLoss"/>
/// (ace-spec §10), starting from the truncation of the live crad, c̃ fixed: Riemannian L-BFGS on a
/// fixed-rank, Tucker or TT manifold of the suite (lrmlip compress --method rmf/tucker/tt), or L-BFGS
/// on the factors of C = U Vᵀ (--method mf).
/// </summary>
public static class AceRadialFit
{
    /// <summary>The fitted potential (crad = the point's live entries within each bond's sizes) and the manifold point.</summary>
    public sealed record Outcome(AcePotential Potential, LowRankPoint Point, double StartLoss, double Loss, int Iterations, ExitReason Reason);

    public static Outcome Fit(AcePotential original, ILowRankManifold manifold, IReadOnlyList<Configuration> reference, StoppingCriteria stop,
        RiemannianMethod method = RiemannianMethod.Lbfgs, Action<int, double>? onIteration = null)
    {
        var start = manifold.Truncate(AceRadialTensor.FlattenLive(original));
        double Objective(LowRankPoint x, Span<double> gradient)
        {
            var (loss, crad, _) = AceEnergyLoss.Evaluate(AceRadialTensor.WithTensor(original, x.Dense), reference);
            crad.CopyTo(gradient);
            return loss;
        }
        double startLoss = Objective(start, new double[manifold.Shape.Length]);
        var result = new RiemannianOptimizer(method).Minimize(manifold, start, Objective, stop,
            (iteration, value, _, _) => { onIteration?.Invoke(iteration, value); return true; });
        return new Outcome(AceRadialTensor.WithTensor(original, result.X.Dense), result.X, startLoss, result.Value, result.Iterations, result.Reason);
    }

    /// <summary>mf: C = U Vᵀ in a matrix view, [U | V] optimized by L-BFGS from the balanced truncated SVD.</summary>
    public static Outcome FitFactors(AcePotential original, FactoredMatrix matrix, IReadOnlyList<Configuration> reference, StoppingCriteria stop)
    {
        var objective = new FactorObjective(original, matrix, reference);
        var start = matrix.FromTruncatedSvd(AceRadialTensor.FlattenLive(original));
        double startLoss = objective.Evaluate(start, new double[start.Length]);
        var result = new QuasiNewtonOptimizer().Minimize(objective, start, stop);
        var flat = new double[matrix.Shape.Length];
        matrix.Compose(result.X, flat);
        var point = new FixedRankManifold(matrix.Shape, matrix.View, matrix.Rank).Truncate(flat);
        return new Outcome(AceRadialTensor.WithTensor(original, flat), point, startLoss, result.Value, result.Iterations, result.Reason);
    }

    /// <summary>The energy loss as a function of the factors [U | V], gradient pulled back through C = U Vᵀ.</summary>
    private sealed class FactorObjective(AcePotential original, FactoredMatrix matrix, IReadOnlyList<Configuration> reference) : IObjective
    {
        private readonly double[] _flat = new double[matrix.Shape.Length];

        public int Dimension => matrix.ParameterCount;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            matrix.Compose(x, _flat);
            var (loss, crad, _) = AceEnergyLoss.Evaluate(AceRadialTensor.WithTensor(original, _flat), reference);
            matrix.PullBack(x, crad, gradient);
            return loss;
        }
    }
}
