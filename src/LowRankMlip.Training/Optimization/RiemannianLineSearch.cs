using LowRankMlip.LowRank;

namespace LowRankMlip.Training.Optimization;

/// <summary>
/// Armijo backtracking along the retraction curve t ↦ f(R_x(tη)) (lowrank-algorithms §2; Absil, Mahony &amp;
/// Sepulchre 2008, Alg. 1): accept the first t = t0·shrinkᵏ with f(R_x(tη)) ≤ f(x) + c1·t·⟨grad f, η⟩.
/// </summary>
public sealed class RiemannianLineSearch
{
    public double C1 { get; init; } = 1e-4;
    public double Shrink { get; init; } = 0.5;
    public int MaxTrials { get; init; } = 30;

    /// <summary>An accepted step with its point, value and Euclidean gradient; Accepted = false when none was found.</summary>
    public readonly record struct Outcome(bool Accepted, double Step, LowRankPoint? Point, double Value, double[]? EuclideanGradient, int Evaluations);

    public Outcome Search(ILowRankManifold manifold, LowRankPoint x, double value, double slope, double[] direction,
        double initialStep, ManifoldObjective objective)
    {
        if (!(slope < 0)) return new(false, 0, null, value, null, 0);
        double t = initialStep;
        for (int trial = 0; trial < MaxTrials; trial++)
        {
            var candidate = manifold.Retract(x, direction, t);
            var gradient = new double[direction.Length];
            double candidateValue = objective(candidate, gradient);
            if (double.IsFinite(candidateValue) && candidateValue <= value + C1 * t * slope)
                return new(true, t, candidate, candidateValue, gradient, trial + 1);
            t *= Shrink;
        }
        return new(false, 0, null, value, null, MaxTrials);
    }
}
