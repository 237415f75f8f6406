using LowRankMlip.LowRank;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Greedy rank augmentation on the fixed-rank manifold (lowrank-algorithms §5, §7).</summary>
public class RankAugmentationTests
{
    public static TheoryData<RadialView, int> Cases => new()
    {
        { RadialView.Pairs, 2 },
        { RadialView.PairMu, 1 },
        { RadialView.Mu, 2 },
    };

    private static double[] OuterProduct(FixedRankManifold manifold, double[] u, double[] v)
    {
        var rowMajor = new double[u.Length * v.Length];
        for (int i = 0; i < u.Length; i++)
            for (int j = 0; j < v.Length; j++)
                rowMajor[i * v.Length + j] = u[i] * v[j];
        var flat = new double[manifold.Shape.Length];
        RadialViews.FromMatrix(rowMajor, manifold.Shape, manifold.View, flat);
        return flat;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NormalDirectionIsOrthogonalToTheTangentSpace(RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(Medium, view, rank);
        var x = manifold.Truncate(Gaussian(Medium.Length, 1));
        var gradient = Gaussian(Medium.Length, 2);
        var direction = manifold.NormalDirection(x, gradient);
        Assert.NotNull(direction);
        var (sigma, u, v) = direction.Value;
        Assert.Equal(1, Norm(u), 1e-12);
        Assert.Equal(1, Norm(v), 1e-12);
        var outer = OuterProduct(manifold, u, v);
        Assert.True(Norm(Project(manifold, x, outer)) <= 1e-12);
        // σ u vᵀ is the top component of the normal part G − P(G).
        var normal = Combine(gradient, 1, Project(manifold, x, gradient), -1);
        Assert.Equal(sigma, Dot(normal, outer), 1e-10 * sigma);
        Assert.Equal(sigma, ViewMatrix(normal, Medium, view).L2Norm(), 1e-10 * sigma);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AugmentGivesRankPlusOneAndTheUpdatedMatrix(RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(Medium, view, rank);
        var x = manifold.Truncate(Gaussian(Medium.Length, 3));
        var direction = manifold.NormalDirection(x, Gaussian(Medium.Length, 4))!.Value;
        const double alpha = 0.7;
        var augmented = manifold.Augment(x, direction, alpha);
        Assert.Equal([rank + 1], augmented.Ranks);
        Assert.Equal(rank + 1, NumericalRank(ViewMatrix(augmented.Dense, Medium, view)));
        var expected = Combine(x.Dense, 1, OuterProduct(manifold, direction.U, direction.V), -alpha * direction.Sigma);
        Assert.True(Distance(augmented.Dense, expected) <= 1e-13 * Norm(expected));
        var bigger = manifold.WithRank(rank + 1);
        Assert.Equal(augmented.Dense, bigger.FromFactors(augmented.Factors).Dense);
        var z = Gaussian(Medium.Length, 5);
        var pz = Project(bigger, augmented, z);
        Assert.True(Distance(Project(bigger, augmented, pz), pz) <= 1e-12 * Norm(pz));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GreedyStepDecreasesTheLeastSquaresLoss(RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(Medium, view, rank);
        var target = Gaussian(Medium.Length, 6);
        var gradient = new double[Medium.Length];
        foreach (var x in new[] { manifold.Truncate(Gaussian(Medium.Length, 7)), manifold.Truncate(target) })
        {
            double f = LeastSquares(x.Dense, target, gradient);
            var direction = manifold.NormalDirection(x, gradient)!.Value;
            Assert.True(LeastSquares(manifold.Augment(x, direction, 1e-3).Dense, target, default) < f);
        }
        // From the best rank-r approximation, α = 1 gives the best rank-(r+1) approximation (Eckart–Young).
        var best = manifold.Truncate(target);
        LeastSquares(best.Dense, target, gradient);
        var step = manifold.Augment(best, manifold.NormalDirection(best, gradient)!.Value, 1);
        Assert.True(Distance(step.Dense, manifold.WithRank(rank + 1).Truncate(target).Dense) <= 1e-10 * Norm(target));
    }

    [Fact]
    public void NoNormalDirectionAtFullRankOrZeroGradient()
    {
        var full = new FixedRankManifold(Small, RadialView.Center, 2);
        var x = full.Truncate(Gaussian(Small.Length, 8));
        Assert.Null(full.NormalDirection(x, Gaussian(Small.Length, 9)));
        Assert.Throws<InvalidOperationException>(() => full.Augment(x, (1.0, new double[2], new double[24]), 1));
        var low = full.WithRank(1);
        Assert.Null(low.NormalDirection(low.Truncate(Gaussian(Small.Length, 10)), new double[Small.Length]));
    }
}
