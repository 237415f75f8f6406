using LowRankMlip.LowRank;
using LowRankMlip.Training.Optimization;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Riemannian CG and L-BFGS on the low-rank manifolds (lowrank-algorithms §2–§4).</summary>
public class RiemannianOptimizerTests
{
    private static ManifoldObjective LeastSquaresTo(double[] target) => (x, gradient) => LeastSquares(x.Dense, target, gradient);

    [Theory]
    [InlineData(RiemannianMethod.Lbfgs, RadialView.Pairs, 3)]
    [InlineData(RiemannianMethod.Lbfgs, RadialView.PairMu, 2)]
    [InlineData(RiemannianMethod.ConjugateGradient, RadialView.Pairs, 3)]
    [InlineData(RiemannianMethod.ConjugateGradient, RadialView.Mu, 2)]
    public void RecoversALowRankTarget(RiemannianMethod method, RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(Medium, view, rank);
        var target = RankR(Medium, view, rank, 1);
        var start = manifold.Truncate(Combine(target, 1, Gaussian(Medium.Length, 2), 0.3));
        var result = new RiemannianOptimizer(method).Minimize(manifold, start, LeastSquaresTo(target),
            new StoppingCriteria { IterationLimit = 500, Tolerance = 0, GradientTolerance = 1e-11 });
        Assert.True(Distance(result.X.Dense, target) <= 1e-8 * Norm(target), $"{result.Reason} after {result.Iterations}: {Distance(result.X.Dense, target) / Norm(target)}");
        Assert.Equal(ExitReason.Converged, result.Reason);
    }

    [Theory]
    [InlineData(RiemannianMethod.Lbfgs)]
    [InlineData(RiemannianMethod.ConjugateGradient)]
    public void ReachesTheEckartYoungOptimum(RiemannianMethod method)
    {
        const int rank = 3;
        var manifold = new FixedRankManifold(Medium, RadialView.Pairs, rank);
        var target = Gaussian(Medium.Length, 3);
        var singular = ViewMatrix(target, Medium, RadialView.Pairs).Svd(false).S;
        double optimum = 0.5 * singular.Skip(rank).Sum(s => s * s);
        var start = manifold.Truncate(Gaussian(Medium.Length, 4));
        var result = new RiemannianOptimizer(method).Minimize(manifold, start, LeastSquaresTo(target),
            new StoppingCriteria { IterationLimit = 1000, Tolerance = 0, GradientTolerance = 1e-10 });
        Assert.True(Math.Abs(result.Value - optimum) <= 1e-8 * optimum, $"{result.Reason} after {result.Iterations}: {result.Value} vs {optimum}");
    }

    public static TheoryData<string, RiemannianMethod> TensorCases => new()
    {
        { "tucker3", RiemannianMethod.Lbfgs },
        { "tucker4", RiemannianMethod.ConjugateGradient },
        { "tt3", RiemannianMethod.ConjugateGradient },
        { "tt4", RiemannianMethod.Lbfgs },
    };

    [Theory]
    [MemberData(nameof(TensorCases))]
    public void TensorManifoldsDecreaseTheLossMonotonically(string format, RiemannianMethod method)
    {
        ILowRankManifold manifold = format switch
        {
            "tucker3" => new TuckerManifold(Medium, RadialView.Tensor3, [4, 3, 4]),
            "tucker4" => new TuckerManifold(Medium, RadialView.Tensor4, [3, 3, 2, 4]),
            "tt3" => new TensorTrainManifold(Medium, RadialView.Tensor3, [4, 4]),
            _ => new TensorTrainManifold(Medium, RadialView.Tensor4, [3, 5, 4]),
        };
        var target = Gaussian(Medium.Length, 5);
        var start = manifold.Truncate(Gaussian(Medium.Length, 6));
        ManifoldObjective objective = (x, gradient) => Quartic(x.Dense, target, gradient);
        var values = new List<double> { objective(start, new double[Medium.Length]) };
        var result = new RiemannianOptimizer(method).Minimize(manifold, start, objective,
            new StoppingCriteria { IterationLimit = 40, Tolerance = 0 }, (_, value, _, _) => { values.Add(value); return true; });
        Assert.Equal(ExitReason.IterationLimit, result.Reason);
        Assert.Equal(41, values.Count);
        for (int i = 1; i < values.Count; i++) Assert.True(values[i] <= values[i - 1], $"iteration {i}: {values[i]} > {values[i - 1]}");
        Assert.True(values[^1] < 0.9 * values[0]);
        Assert.Equal(values[^1], result.Value);
    }

    [Fact]
    public void StopsOnTheIterationLimitTheCallbackAndCancellation()
    {
        var manifold = new FixedRankManifold(Small, RadialView.Pairs, 2);
        var target = Gaussian(Small.Length, 7);
        var start = manifold.Truncate(Gaussian(Small.Length, 8));
        var optimizer = new RiemannianOptimizer(RiemannianMethod.Lbfgs, memory: 5);
        int calls = 0;
        ManifoldObjective counted = (x, gradient) => { calls++; return LeastSquares(x.Dense, target, gradient); };
        var limited = optimizer.Minimize(manifold, start, counted, new StoppingCriteria { IterationLimit = 3, Tolerance = 0 });
        Assert.Equal(ExitReason.IterationLimit, limited.Reason);
        Assert.Equal(3, limited.Iterations);
        Assert.Equal(calls, limited.Evaluations);
        var stopped = optimizer.Minimize(manifold, start, counted, new StoppingCriteria { Tolerance = 0 }, (it, _, _, _) => it < 2);
        Assert.Equal(ExitReason.Cancelled, stopped.Reason);
        Assert.Equal(2, stopped.Iterations);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var cancelled = optimizer.Minimize(manifold, start, counted, new StoppingCriteria(), cancel: cancel.Token);
        Assert.Equal(ExitReason.Cancelled, cancelled.Reason);
        Assert.Same(start, cancelled.X);
    }

    [Fact]
    public void ReportsAFailedLineSearch()
    {
        // A value that grows with every call never satisfies Armijo: steepest descent fails and nothing is left to retry.
        var manifold = new FixedRankManifold(Small, RadialView.Pairs, 2);
        var target = Gaussian(Small.Length, 11);
        int calls = 0;
        ManifoldObjective rising = (x, gradient) => { LeastSquares(x.Dense, target, gradient); return calls++; };
        var optimizer = new RiemannianOptimizer(RiemannianMethod.ConjugateGradient) { LineSearch = new RiemannianLineSearch { MaxTrials = 10 } };
        var result = optimizer.Minimize(manifold, manifold.Truncate(Gaussian(Small.Length, 12)), rising, new StoppingCriteria());
        Assert.Equal(ExitReason.LineSearchFailed, result.Reason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(11, result.Evaluations);
    }

    [Fact]
    public void StopsWhenTheWindowedDecreaseFallsBelowTheTolerance()
    {
        var manifold = new FixedRankManifold(Small, RadialView.Pairs, 2);
        var target = Gaussian(Small.Length, 9);
        var result = new RiemannianOptimizer().Minimize(manifold, manifold.Truncate(Gaussian(Small.Length, 10)), LeastSquaresTo(target),
            new StoppingCriteria { IterationLimit = 10_000, Tolerance = 1e-6, Window = 5, GradientTolerance = 0 });
        Assert.Equal(ExitReason.Converged, result.Reason);
        Assert.Equal(0, result.Iterations % 5);
        Assert.True(result.Iterations < 10_000);
    }
}
