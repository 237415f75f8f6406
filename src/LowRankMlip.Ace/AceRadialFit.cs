using LowRankMlip.LowRank;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Ace;

/// <summary>
/// Riemannian fit of a low-rank crad (fixed-rank, Tucker or TT manifold of the suite) to a labelled
/// reference set by the energy loss of <see cref="AceEnergyLoss"/> (ace-spec §10), starting from the
/// truncation of the live crad; the c̃ coefficients stay fixed. This is lrmlip compress --method
/// rmf/tucker/tt for a .yace.
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
}
