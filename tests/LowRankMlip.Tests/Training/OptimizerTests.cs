using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Tests.Training;

/// <summary>The quasi-Newton optimizers and the strong-Wolfe line search on textbook problems.</summary>
public class OptimizerTests
{
    /// <summary>Extended Rosenbrock: Σ 100 (x_{2i+1} − x_{2i}²)² + (1 − x_{2i})².</summary>
    private sealed class Rosenbrock(int n) : IObjective
    {
        public int Dimension => n;
        public int Calls;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            Calls++;
            double f = 0;
            g.Clear();
            for (int i = 0; i < n; i += 2)
            {
                double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
                f += 100 * a * a + b * b;
                g[i] += -400 * a * x[i] - 2 * b;
                g[i + 1] += 200 * a;
            }
            return f;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    public void MinimizesRosenbrock(int memory)
    {
        var f = new Rosenbrock(10);
        var start = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var result = new QuasiNewtonOptimizer(Math.Max(1, memory), dense: memory == 0)
            .Minimize(f, start, new StoppingCriteria { IterationLimit = 2000, Tolerance = 0, GradientTolerance = 1e-9 });
        Assert.Equal(ExitReason.Converged, result.Reason);
        Assert.All(result.X, v => Assert.Equal(1.0, v, 1e-6));
        Assert.Equal(f.Calls, result.Evaluations);
    }

    [Fact]
    public void LineSearchReturnsAStrongWolfeStep()
    {
        // φ(α) = (α − 3)² − 9 along a unit direction from 0: φ'(0) = −6.
        var search = new StrongWolfeLineSearch { C1 = 1e-4, C2 = 0.1 };
        var step = search.Search(a => ((a - 3) * (a - 3) - 9, 2 * (a - 3)), 0, -6, 1.0);
        Assert.NotNull(step);
        var (alpha, value, slope) = step.Value;
        Assert.True(value <= 0 + 1e-4 * alpha * -6);
        Assert.True(Math.Abs(slope) <= 0.1 * 6);
        Assert.Null(search.Search(a => (a, 1.0), 0, 1.0, 1.0)); // ascent direction: refused
    }

    [Fact]
    public void StopsAtTheIterationLimitAndOnCancellation()
    {
        var start = Enumerable.Range(0, 4).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var limited = new QuasiNewtonOptimizer(5).Minimize(new Rosenbrock(4), start, new StoppingCriteria { IterationLimit = 3, Tolerance = 0 });
        Assert.Equal(ExitReason.IterationLimit, limited.Reason);
        Assert.Equal(3, limited.Iterations);
        var stopped = new QuasiNewtonOptimizer(5).Minimize(new Rosenbrock(4), start, new StoppingCriteria { Tolerance = 0 }, (it, _, _, _) => it < 2);
        Assert.Equal(ExitReason.Cancelled, stopped.Reason);
    }
}
