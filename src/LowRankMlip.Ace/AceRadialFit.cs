using LowRankMlip.Compression;
using LowRankMlip.LowRank;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Ace;

/// <summary>
/// Fit of a low-rank crad to a labelled reference set by <see cref="AceLoss"/> (energy, force and virial terms,
/// ace-spec §10), starting from the truncation of the live crad: Riemannian L-BFGS on a fixed-rank, Tucker or TT
/// manifold of the suite (lrmlip compress --method rmf/tucker/tt), L-BFGS on the factors of C = U Vᵀ (mf), or MF with
/// rank augmentation from rank 1 (mfra, the rank-one step of <see cref="RankAugmentation"/>). With fitCtilde the c̃
/// coefficients are free as well: the Riemannian methods then run on <see cref="AceJointManifold"/> (M × ℝ^d), the
/// factor methods on [U | V | c̃].
/// </summary>
public static class AceRadialFit
{
    /// <summary>The fitted potential (crad = the point's live entries within each bond's sizes, c̃ fitted or kept) and crad's manifold point.</summary>
    public sealed record Outcome(AcePotential Potential, LowRankPoint Point, double StartLoss, double Loss, int Iterations, ExitReason Reason);

    /// <summary>mfra: the loss reached at one rank and the iterations spent there.</summary>
    public sealed record RankStep(int Rank, int Iterations, double Loss);

    public static Outcome Fit(AcePotential original, ILowRankManifold manifold, AceLoss loss, StoppingCriteria stop, bool fitCtilde = false,
        RiemannianMethod method = RiemannianMethod.Lbfgs, Action<int, double>? onIteration = null)
    {
        var problem = new Problem(original, loss);
        var radialStart = manifold.Truncate(AceRadialTensor.FlattenLive(original));
        double startLoss = problem.Evaluate(radialStart.Dense, ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        var optimizer = new RiemannianOptimizer(method);
        var (radialStop, jointStop) = Stages(stop, fitCtilde);
        double RadialOnly(LowRankPoint x, Span<double> gradient) => problem.Evaluate(x.Dense, ReadOnlySpan<double>.Empty, gradient, Span<double>.Empty);
        var first = optimizer.Minimize(manifold, radialStart, RadialOnly, radialStop,
            (iteration, value, _, _) => { onIteration?.Invoke(iteration, value); return true; });
        if (!fitCtilde) return new Outcome(problem.Potential(first.X.Dense, null), first.X, startLoss, first.Value, first.Iterations, first.Reason);

        int c = manifold.Shape.Length;
        double Joint(LowRankPoint x, Span<double> gradient) => problem.Evaluate(x.Dense.AsSpan(0, c), x.Dense.AsSpan(c), gradient[..c], gradient[c..]);
        var second = optimizer.Minimize(new AceJointManifold(manifold, original.BasisCoefficientCount), new AceJointManifold.Point(first.X, original.FlattenCtildes()),
            Joint, jointStop with { IterationLimit = stop.IterationLimit - first.Iterations },
            (iteration, value, _, _) => { onIteration?.Invoke(first.Iterations + iteration, value); return true; });
        var joint = (AceJointManifold.Point)second.X;
        return new Outcome(problem.Potential(joint.RadialPoint.Dense, joint.Coefficients), joint.RadialPoint, startLoss, second.Value,
            first.Iterations + second.Iterations, second.Reason);
    }

    /// <summary>
    /// With c̃ free, the first half of the iterations fits crad alone and the rest both. Freed at the truncation, c̃
    /// absorb the truncation error first and the fit stalls far higher (Al-Ni pairmu rank 1, rmf, 200 iterations on 20
    /// perturbed lattices:
    /// loss 0.053 joint from the start, 7.4e-4 staged, 1.2e-3 crad only).
    /// </summary>
    private static (StoppingCriteria Radial, StoppingCriteria Joint) Stages(StoppingCriteria stop, bool fitCtilde) =>
        fitCtilde ? (stop with { IterationLimit = stop.IterationLimit / 2 }, stop) : (stop, stop);

    /// <summary>mf: C = U Vᵀ in a matrix view, [U | V] (and c̃) optimized by L-BFGS from the balanced truncated SVD.</summary>
    public static Outcome FitFactors(AcePotential original, FactoredMatrix matrix, AceLoss loss, StoppingCriteria stop, bool fitCtilde = false)
    {
        var problem = new Problem(original, loss);
        var factors = matrix.FromTruncatedSvd(AceRadialTensor.FlattenLive(original));
        var ctilde = original.FlattenCtildes();
        double startLoss = problem.Evaluate(Compose(matrix, factors), ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        var (x, result) = MinimizeFactors(problem, matrix, factors, ctilde, fitCtilde, stop);
        return Finish(problem, matrix, x, fitCtilde ? x[matrix.ParameterCount..] : null, startLoss, result.Value, result.Iterations, result.Reason);
    }

    /// <summary>
    /// mfra (lowrank-algorithms §5): start at rank 1 from the truncated SVD, fit [U | V] (and c̃) with an equal share of
    /// the iteration limit per rank, raise the rank by <see cref="RankAugmentation.Augment"/> on the ACE loss (c̃ held at
    /// its current values during the step), stop after fitting <paramref name="targetRank"/>.
    /// </summary>
    public static Outcome FitRankAugmented(AcePotential original, RadialView view, int targetRank, AceLoss loss, StoppingCriteria stop,
        bool fitCtilde = false, int seed = 1, Action<RankStep>? onRank = null)
    {
        if (targetRank < 1) throw new ArgumentOutOfRangeException(nameof(targetRank), targetRank, "the target rank must be at least 1");
        var problem = new Problem(original, loss);
        var shape = AceRadialTensor.Shape(original);
        var matrix = new FactoredMatrix(shape, view, 1);
        var factors = matrix.FromTruncatedSvd(AceRadialTensor.FlattenLive(original));
        var ctilde = original.FlattenCtildes();
        double startLoss = problem.Evaluate(Compose(matrix, factors), ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        int used = 0;
        for (int rank = 1; ; rank++)
        {
            int share = rank == targetRank ? Math.Max(0, stop.IterationLimit - used) : stop.IterationLimit / targetRank;
            // c̃ are freed at the target rank only (the lower ranks are stages on the way).
            bool last = rank >= targetRank;
            var (x, result) = MinimizeFactors(problem, matrix, factors, ctilde, fitCtilde && last, stop with { IterationLimit = share });
            used += result.Iterations;
            factors = x[..matrix.ParameterCount];
            if (fitCtilde && last) ctilde = x[matrix.ParameterCount..];
            onRank?.Invoke(new RankStep(rank, result.Iterations, result.Value));
            if (last) return Finish(problem, matrix, factors, fitCtilde ? ctilde : null, startLoss, result.Value, used, result.Reason);
            factors = RankAugmentation.Augment(new CradObjective(problem, ctilde), matrix, factors, shape, seed);
            matrix = matrix.WithRank(rank + 1);
        }
    }

    /// <summary>L-BFGS on [U | V], then (with c̃ free) on [U | V | c̃] from there (<see cref="Stages"/>); X is [U | V | c̃] when c̃ is free.</summary>
    private static (double[] X, OptimizationResult Result) MinimizeFactors(Problem problem, FactoredMatrix matrix, double[] factors, double[] ctilde,
        bool fitCtilde, StoppingCriteria stop)
    {
        var (radialStop, jointStop) = Stages(stop, fitCtilde);
        var first = new QuasiNewtonOptimizer().Minimize(new FactorObjective(problem, matrix, ctilde), factors, radialStop);
        if (!fitCtilde) return (first.X, first);
        var second = new QuasiNewtonOptimizer().Minimize(new FactorObjective(problem, matrix, null), [.. first.X, .. ctilde],
            jointStop with { IterationLimit = stop.IterationLimit - first.Iterations });
        return (second.X, second with { Iterations = first.Iterations + second.Iterations, Evaluations = first.Evaluations + second.Evaluations });
    }

    private static Outcome Finish(Problem problem, FactoredMatrix matrix, double[] x, double[]? ctilde, double startLoss, double loss, int iterations, ExitReason reason)
    {
        var flat = Compose(matrix, x.AsSpan(0, matrix.ParameterCount));
        var point = new FixedRankManifold(matrix.Shape, matrix.View, matrix.Rank).Truncate(flat);
        return new Outcome(problem.Potential(flat, ctilde), point, startLoss, loss, iterations, reason);
    }

    private static double[] Compose(FactoredMatrix matrix, ReadOnlySpan<double> factors)
    {
        var flat = new double[matrix.Shape.Length];
        matrix.Compose(factors, flat);
        return flat;
    }

    /// <summary>The original potential with a trial crad (and c̃ when given), scored by the loss.</summary>
    private sealed class Problem(AcePotential original, AceLoss loss)
    {
        public int RadialLength { get; } = AceRadialTensor.Shape(original).Length;
        public int CoefficientCount => original.BasisCoefficientCount;

        public AcePotential Potential(ReadOnlySpan<double> crad, ReadOnlySpan<double> ctilde)
        {
            var p = AceRadialTensor.WithTensor(original, crad);
            return ctilde.IsEmpty ? p : p.WithCtildes(ctilde);
        }

        public double Evaluate(ReadOnlySpan<double> crad, ReadOnlySpan<double> ctilde, Span<double> cradGradient, Span<double> ctildeGradient) =>
            loss.Evaluate(Potential(crad, ctilde), cradGradient, ctildeGradient).Loss;
    }

    /// <summary>The loss as a function of [U | V] (c̃ fixed) or [U | V | c̃]; gradient pulled back through C = U Vᵀ.</summary>
    private sealed class FactorObjective(Problem problem, FactoredMatrix matrix, double[]? fixedCtilde) : IObjective
    {
        private readonly double[] _flat = new double[matrix.Shape.Length];
        private readonly double[] _flatGradient = new double[matrix.Shape.Length];
        private readonly int _p = matrix.ParameterCount;

        public int Dimension => _p + (fixedCtilde is null ? problem.CoefficientCount : 0);

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            matrix.Compose(x[.._p], _flat);
            ReadOnlySpan<double> ctilde = fixedCtilde is null ? x[_p..] : fixedCtilde;
            if (gradient.IsEmpty) return problem.Evaluate(_flat, ctilde, Span<double>.Empty, Span<double>.Empty);
            double value = problem.Evaluate(_flat, ctilde, _flatGradient, fixedCtilde is null ? gradient[_p..] : Span<double>.Empty);
            matrix.PullBack(x[.._p], _flatGradient, gradient[.._p]);
            return value;
        }
    }

    /// <summary>The loss as a function of the dense crad with c̃ held: what the rank-one step of mfra needs.</summary>
    private sealed class CradObjective(Problem problem, double[] ctilde) : IObjective
    {
        public int Dimension => problem.RadialLength;
        public double Evaluate(ReadOnlySpan<double> crad, Span<double> gradient) => problem.Evaluate(crad, ctilde, gradient, Span<double>.Empty);
    }
}
