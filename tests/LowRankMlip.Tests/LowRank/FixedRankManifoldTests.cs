using LowRankMlip.LowRank;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Unit checks of the fixed-rank manifold geometry in every matrix view (lowrank-algorithms §2, §7).</summary>
public class FixedRankManifoldTests
{
    /// <summary>Shape (S, K, R), view and a rank below min(m, n), so the manifold is curved.</summary>
    public static TheoryData<int, int, int, RadialView, int> Cases => new()
    {
        { 2, 3, 4, RadialView.Pairs, 2 },    // 4 × 12
        { 2, 3, 4, RadialView.PairMu, 2 },   // 12 × 4
        { 2, 3, 4, RadialView.Mu, 2 },       // 3 × 16
        { 2, 3, 4, RadialView.Center, 1 },   // 2 × 24
        { 4, 4, 8, RadialView.Pairs, 5 },    // 16 × 32
        { 4, 4, 8, RadialView.Mu, 3 },       // 4 × 128
        { 1, 5, 8, RadialView.PairMu, 3 },   // 5 × 8
    };

    private static (FixedRankManifold Manifold, LowRankPoint X) Setup(int s, int k, int r, RadialView view, int rank, int seed = 1)
    {
        var manifold = new FixedRankManifold(new RadialShape(s, k, r), view, rank);
        return (manifold, manifold.Truncate(Gaussian(manifold.Shape.Length, seed)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProjectionIsIdempotentAndOrthogonal(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        var z = Gaussian(manifold.Shape.Length, 2);
        var pz = Project(manifold, x, z);
        Assert.True(Distance(Project(manifold, x, pz), pz) <= 1e-12 * Norm(pz));
        var xi = RandomTangent(manifold, x, 3);
        var residual = Combine(z, 1, pz, -1);
        Assert.True(Math.Abs(Dot(residual, xi)) <= 1e-12 * Norm(z) * Norm(xi));
        // x itself is tangent (W = U S Vᵀ lies in its tangent space).
        Assert.True(Distance(Project(manifold, x, x.Dense), x.Dense) <= 1e-12 * Norm(x.Dense));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RetractionKeepsTheRankAndFixesZero(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        var xi = RandomTangent(manifold, x, 4);
        var moved = manifold.Retract(x, xi, 0.3);
        Assert.Equal([rank], moved.Ranks);
        Assert.Equal(rank, NumericalRank(ViewMatrix(moved.Dense, manifold.Shape, view)));
        Assert.True(Distance(manifold.Retract(x, xi, 0).Dense, x.Dense) <= 1e-13 * Norm(x.Dense));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RetractionIsSecondOrderAccurate(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        var xi = RandomTangent(manifold, x, 5);
        double Error(double t) => Distance(manifold.Retract(x, xi, t).Dense, Combine(x.Dense, 1, xi, t));
        double ratio = Error(1e-3) / Error(5e-4);
        Assert.InRange(ratio, 3.5, 4.5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RiemannianGradientMatchesFiniteDifferencesAlongRetractions(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        var target = Gaussian(manifold.Shape.Length, 6);
        var euclidean = new double[target.Length];
        Quartic(x.Dense, target, euclidean);
        var gradient = Project(manifold, x, euclidean);
        var xi = RandomTangent(manifold, x, 7);
        const double h = 1e-5;
        double difference = (Quartic(manifold.Retract(x, xi, h).Dense, target, default)
            - Quartic(manifold.Retract(x, xi, -h).Dense, target, default)) / (2 * h);
        double exact = Dot(gradient, xi);
        Assert.True(Math.Abs(difference - exact) <= 1e-6 * Math.Max(1, Math.Abs(exact)), $"{difference} vs {exact}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TransportedVectorsLieInTheNewTangentSpace(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        var xi = RandomTangent(manifold, x, 8);
        var y = manifold.Retract(x, xi, 0.5);
        var moved = Project(manifold, y, xi);
        // Tangent at y ⇔ (I − P_U) ξ (I − P_V) = 0 for the column and row spaces U, V of y (lowrank-algorithms §2).
        var svd = ViewMatrix(y.Dense, manifold.Shape, view).Svd(true);
        var u = svd.U.SubMatrix(0, svd.U.RowCount, 0, rank);
        var v = svd.VT.Transpose().SubMatrix(0, svd.VT.ColumnCount, 0, rank);
        var a = ViewMatrix(moved, manifold.Shape, view);
        a -= u * u.TransposeThisAndMultiply(a);
        a -= a * v * v.Transpose();
        Assert.True(a.FrobeniusNorm() <= 1e-12 * Norm(moved));
        Assert.True(Norm(Combine(moved, 1, xi, -1)) > 1e-3 * Norm(xi)); // the tangent space did move
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruncationOfAnExactRankRMatrixReturnsIt(int s, int k, int r, RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(new RadialShape(s, k, r), view, rank);
        var exact = RankR(manifold.Shape, view, rank, 9);
        Assert.True(Distance(manifold.Truncate(exact).Dense, exact) <= 1e-12 * Norm(exact));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactorsRoundTripExactly(int s, int k, int r, RadialView view, int rank)
    {
        var (manifold, x) = Setup(s, k, r, view, rank);
        Assert.Equal(["U", "S", "V"], x.Factors.Select(f => f.Name));
        Assert.Equal(manifold.StoredParameterCount, x.Factors.Sum(f => f.Data.Length));
        Assert.Equal(x.Dense, manifold.FromFactors(x.Factors).Dense);
        var renamed = x.Factors.Select(f => f.Name == "V" ? f with { Name = "W" } : f).ToList();
        Assert.Contains("'V'", Assert.Throws<ArgumentException>(() => manifold.FromFactors(renamed)).Message);
        var reshaped = x.Factors.Select(f => f.Name == "S" ? f with { Shape = [rank + 1], Data = new double[rank + 1] } : f).ToList();
        Assert.Contains("'S'", Assert.Throws<ArgumentException>(() => manifold.FromFactors(reshaped)).Message);
    }

    [Theory]
    [InlineData(RadialView.Pairs, 2)]
    [InlineData(RadialView.PairMu, 3)]
    [InlineData(RadialView.Mu, 1)]
    [InlineData(RadialView.Center, 2)]
    public void CountsMatchTheFormulasAndTheTangentSpace(RadialView view, int rank)
    {
        var manifold = new FixedRankManifold(Small, view, rank);
        var (m, n) = RadialViews.MatrixShape(Small, view);
        Assert.Equal((m + n - rank) * rank, manifold.Dimension);
        Assert.Equal(rank * (m + n) + rank, manifold.StoredParameterCount);
        Assert.Equal(manifold.Dimension, TangentDimension(manifold, manifold.Truncate(Gaussian(Small.Length, 10))));
    }

    [Fact]
    public void RejectsBadViewsRanksAndPoints()
    {
        Assert.Throws<ArgumentException>(() => new FixedRankManifold(Small, RadialView.Tensor3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedRankManifold(Small, RadialView.Center, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedRankManifold(Small, RadialView.Pairs, 0));
        var manifold = new FixedRankManifold(Small, RadialView.Pairs, 2);
        var other = manifold.WithRank(1).Truncate(Gaussian(Small.Length, 11));
        Assert.Throws<ArgumentException>(() => manifold.Project(other, new double[Small.Length], new double[Small.Length]));
    }
}
