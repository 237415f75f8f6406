using LowRankMlip.LowRank;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Unit checks of the tensor-train manifold in the tensor views (lowrank-algorithms §4, §7).</summary>
public class TensorTrainManifoldTests
{
    public static TheoryData<int, int, int, RadialView, int[]> Cases => new()
    {
        { 2, 3, 4, RadialView.Tensor3, [3, 3] },    // modes [4, 3, 4]
        { 2, 3, 4, RadialView.Tensor4, [2, 3, 3] }, // modes [2, 2, 3, 4]
        { 4, 4, 8, RadialView.Tensor3, [2, 3] },    // modes [16, 4, 8]
        { 4, 4, 8, RadialView.Tensor4, [1, 3, 2] }, // modes [4, 4, 4, 8]
        { 4, 4, 8, RadialView.Tensor4, [3, 5, 4] },
        { 1, 5, 8, RadialView.Tensor3, [1, 2] },    // modes [1, 5, 8]
    };

    private static (TensorTrainManifold Manifold, LowRankPoint X) Setup(int s, int k, int r, RadialView view, int[] ranks)
    {
        var manifold = new TensorTrainManifold(new RadialShape(s, k, r), view, ranks);
        return (manifold, manifold.Truncate(Gaussian(manifold.Shape.Length, 1)));
    }

    /// <summary>Contraction of Gaussian cores: TT ranks exactly r (generically).</summary>
    private static double[] ExactTensorTrain(int[] modes, int[] ranks, int seed)
    {
        int[] full = [1, .. ranks, 1];
        double[] partial = [1.0];
        int rows = 1;
        for (int k = 0; k < modes.Length; k++)
        {
            var core = Gaussian(full[k] * modes[k] * full[k + 1], seed + k);
            var next = new double[rows * modes[k] * full[k + 1]];
            for (int row = 0; row < rows; row++)
                for (int a = 0; a < full[k]; a++)
                    for (int i = 0; i < modes[k]; i++)
                        for (int b = 0; b < full[k + 1]; b++)
                            next[(row * modes[k] + i) * full[k + 1] + b] += partial[row * full[k] + a] * core[(a * modes[k] + i) * full[k + 1] + b];
            partial = next;
            rows *= modes[k];
        }
        return partial;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProjectionIsIdempotentAndOrthogonal(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        var z = Gaussian(manifold.Shape.Length, 2);
        var pz = Project(manifold, x, z);
        Assert.True(Distance(Project(manifold, x, pz), pz) <= 1e-11 * Norm(pz));
        var xi = RandomTangent(manifold, x, 3);
        Assert.True(Math.Abs(Dot(Combine(z, 1, pz, -1), xi)) <= 1e-11 * Norm(z) * Norm(xi));
        Assert.True(Distance(Project(manifold, x, x.Dense), x.Dense) <= 1e-11 * Norm(x.Dense));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TangentVectorsHaveTtRankAtMostTwiceR(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        var tangentRanks = SequentialRanks(Project(manifold, x, Gaussian(manifold.Shape.Length, 4)), manifold.Modes);
        for (int i = 0; i < ranks.Length; i++) Assert.True(tangentRanks[i] <= 2 * ranks[i], $"unfolding {i + 1}: rank {tangentRanks[i]} > 2·{ranks[i]}");
        Assert.Contains(tangentRanks.Select((t, i) => t > ranks[i]), b => b); // a generic tangent vector is not on the manifold
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruncationOfAnExactLowRankTensorReturnsIt(int s, int k, int r, RadialView view, int[] ranks)
    {
        var manifold = new TensorTrainManifold(new RadialShape(s, k, r), view, ranks);
        var exact = ExactTensorTrain(manifold.Modes, ranks, 5);
        Assert.Equal(ranks, SequentialRanks(exact, manifold.Modes));
        Assert.True(Distance(manifold.Truncate(exact).Dense, exact) <= 1e-12 * Norm(exact));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RetractionFixesZeroKeepsTheRanksAndIsSecondOrderAccurate(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        var xi = RandomTangent(manifold, x, 6);
        Assert.True(Distance(manifold.Retract(x, xi, 0).Dense, x.Dense) <= 1e-12 * Norm(x.Dense));
        Assert.Equal(ranks, SequentialRanks(manifold.Retract(x, xi, 0.3).Dense, manifold.Modes));
        double Error(double t) => Distance(manifold.Retract(x, xi, t).Dense, Combine(x.Dense, 1, xi, t));
        Assert.InRange(Error(1e-3) / Error(5e-4), 3.5, 4.5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactorsRoundTripExactly(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        int[] full = [1, .. ranks, 1];
        Assert.Equal(manifold.Modes.Select((n, i) => new[] { full[i], n, full[i + 1] }), x.Factors.Select(f => f.Shape));
        Assert.Equal(manifold.Modes.Select((_, i) => $"G{i + 1}"), x.Factors.Select(f => f.Name));
        Assert.Equal(manifold.StoredParameterCount, x.Factors.Sum(f => f.Data.Length));
        Assert.Equal(x.Dense, manifold.FromFactors(x.Factors).Dense);
        Assert.Contains("'G2'", Assert.Throws<ArgumentException>(() => manifold.FromFactors(x.Factors.Select(f => f.Name == "G2" ? f with { Name = "G9" } : f).ToList())).Message);
    }

    [Theory]
    [InlineData(RadialView.Tensor3, new[] { 3, 3 })]
    [InlineData(RadialView.Tensor4, new[] { 2, 3, 3 })]
    [InlineData(RadialView.Tensor4, new[] { 1, 2, 2 })]
    public void CountsMatchTheFormulasAndTheTangentSpace(RadialView view, int[] ranks)
    {
        var manifold = new TensorTrainManifold(Small, view, ranks);
        int[] full = [1, .. ranks, 1];
        int stored = manifold.Modes.Select((n, i) => full[i] * n * full[i + 1]).Sum();
        Assert.Equal(stored, manifold.StoredParameterCount);
        Assert.Equal(stored - ranks.Sum(q => q * q), manifold.Dimension);
        Assert.Equal(manifold.Dimension, TangentDimension(manifold, manifold.Truncate(Gaussian(Small.Length, 7))));
    }

    [Fact]
    public void RejectsBadViewsAndRanks()
    {
        Assert.Throws<ArgumentException>(() => new TensorTrainManifold(Small, RadialView.Mu, [2]));
        Assert.Throws<ArgumentException>(() => new TensorTrainManifold(Small, RadialView.Tensor4, [2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorTrainManifold(Small, RadialView.Tensor3, [5, 2])); // r1 > n1 = 4
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorTrainManifold(Medium, RadialView.Tensor4, [1, 5, 2])); // r2 > r1·n2
    }
}
