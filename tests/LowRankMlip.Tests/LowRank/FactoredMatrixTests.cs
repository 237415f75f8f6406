using LowRankMlip.LowRank;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>The Burer–Monteiro factorization W = U Vᵀ (lowrank-algorithms §1, §5, §7).</summary>
public class FactoredMatrixTests
{
    public static TheoryData<RadialView, int> Cases => new()
    {
        { RadialView.Pairs, 2 },
        { RadialView.PairMu, 3 },
        { RadialView.Mu, 2 },
        { RadialView.Center, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PullBackMatchesCentralFiniteDifferences(RadialView view, int rank)
    {
        var factored = new FactoredMatrix(Small, view, rank);
        Assert.Equal(rank * (factored.Rows + factored.Columns), factored.ParameterCount);
        var target = Gaussian(Small.Length, 1);
        var factors = Gaussian(factored.ParameterCount, 2);
        var flat = new double[Small.Length];
        double F(double[] p)
        {
            factored.Compose(p, flat);
            return Quartic(flat, target, default);
        }
        var flatGradient = new double[Small.Length];
        factored.Compose(factors, flat);
        Quartic(flat, target, flatGradient);
        var gradient = new double[factored.ParameterCount];
        factored.PullBack(factors, flatGradient, gradient);
        const double h = 1e-6;
        for (int i = 0; i < factors.Length; i++)
        {
            var plus = (double[])factors.Clone();
            var minus = (double[])factors.Clone();
            plus[i] += h;
            minus[i] -= h;
            double difference = (F(plus) - F(minus)) / (2 * h);
            Assert.True(Math.Abs(difference - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(gradient[i])), $"parameter {i}: {difference} vs {gradient[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruncatedSvdAtFullRankReproducesW(RadialView view, int _)
    {
        var (m, n) = RadialViews.MatrixShape(Small, view);
        var factored = new FactoredMatrix(Small, view, Math.Min(m, n));
        var w = Gaussian(Small.Length, 3);
        var composed = new double[Small.Length];
        factored.Compose(factored.FromTruncatedSvd(w), composed);
        Assert.True(Distance(composed, w) <= 1e-13 * Norm(w));
        // The warm start is balanced: ‖U_j‖ = ‖V_j‖ = √σ_j.
        var balanced = factored.FromTruncatedSvd(w);
        var rebalanced = (double[])balanced.Clone();
        factored.Balance(rebalanced);
        Assert.True(Distance(balanced, rebalanced) <= 1e-12 * Norm(balanced));
    }

    [Fact]
    public void TemplateOfALowerRankTensorFillsTheMissingColumns()
    {
        var factored = new FactoredMatrix(Medium, RadialView.Pairs, 4);
        var w = RankR(Medium, RadialView.Pairs, 2, 4);
        var factors = factored.FromTemplate(w, seed: 5);
        Assert.Equal(factors, factored.FromTemplate(w, seed: 5));
        int m = factored.Rows, n = factored.Columns, r = factored.Rank;
        for (int j = 0; j < r; j++)
        {
            Assert.Contains(Enumerable.Range(0, m), i => factors[i * r + j] != 0);
            Assert.Contains(Enumerable.Range(0, n), i => factors[m * r + i * r + j] != 0);
        }
        var composed = new double[Medium.Length];
        factored.Compose(factors, composed);
        // Random columns of norm ~1e-3‖W‖ in U and V change U Vᵀ by O(1e-6‖W‖²).
        Assert.True(Distance(composed, w) <= 1e-5 * Norm(w) * Norm(w));
        Assert.True(Distance(composed, w) > 0);
        // A full-rank template gives the truncated SVD.
        var full = Gaussian(Medium.Length, 6);
        Assert.Equal(factored.FromTruncatedSvd(full), factored.FromTemplate(full, 7));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AddRankLeavesTheProductUnchanged(RadialView view, int rank)
    {
        var factored = new FactoredMatrix(Small, view, rank);
        if (rank + 1 > Math.Min(factored.Rows, factored.Columns))
        {
            Assert.Throws<InvalidOperationException>(() => factored.AddRank(new double[factored.ParameterCount], new double[factored.Rows], 1));
            return;
        }
        var factors = Gaussian(factored.ParameterCount, 8);
        var u = Gaussian(factored.Rows, 9);
        var bigger = factored.WithRank(rank + 1);
        var grown = factored.AddRank(factors, u, 0.5);
        Assert.Equal(bigger.ParameterCount, grown.Length);
        var before = new double[Small.Length];
        var after = new double[Small.Length];
        factored.Compose(factors, before);
        bigger.Compose(grown, after);
        Assert.Equal(before, after);
        for (int i = 0; i < factored.Rows; i++) Assert.Equal(0.5 * u[i], grown[i * (rank + 1) + rank]);
    }

    [Fact]
    public void BalanceKeepsTheProductAndEqualizesColumnNorms()
    {
        var factored = new FactoredMatrix(Small, RadialView.Pairs, 3);
        var factors = Gaussian(factored.ParameterCount, 10);
        for (int i = 0; i < factored.Rows * 3; i++) factors[i] *= 50; // badly scaled U
        var before = new double[Small.Length];
        var after = new double[Small.Length];
        factored.Compose(factors, before);
        factored.Balance(factors);
        factored.Compose(factors, after);
        Assert.True(Distance(before, after) <= 1e-13 * Norm(before));
        int m = factored.Rows, n = factored.Columns;
        for (int j = 0; j < 3; j++)
        {
            double uNorm = Math.Sqrt(Enumerable.Range(0, m).Sum(i => factors[i * 3 + j] * factors[i * 3 + j]));
            double vNorm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => factors[m * 3 + i * 3 + j] * factors[m * 3 + i * 3 + j]));
            Assert.Equal(uNorm, vNorm, 1e-12 * uNorm);
        }
    }
}
