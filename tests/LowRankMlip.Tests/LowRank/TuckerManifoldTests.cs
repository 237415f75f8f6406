using LowRankMlip.LowRank;
using MathNet.Numerics.LinearAlgebra;
using static LowRankMlip.Tests.LowRank.LowRankTestData;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Unit checks of the Tucker manifold in the tensor views (lowrank-algorithms §3, §7).</summary>
public class TuckerManifoldTests
{
    public static TheoryData<int, int, int, RadialView, int[]> Cases => new()
    {
        { 2, 3, 4, RadialView.Tensor3, [2, 2, 3] }, // modes [4, 3, 4]
        { 2, 3, 4, RadialView.Tensor4, [2, 2, 2, 3] }, // modes [2, 2, 3, 4]
        { 4, 4, 8, RadialView.Tensor3, [4, 3, 5] }, // modes [16, 4, 8]
        { 4, 4, 8, RadialView.Tensor4, [3, 3, 3, 4] }, // modes [4, 4, 4, 8]
        { 1, 5, 8, RadialView.Tensor3, [1, 2, 2] }, // modes [1, 5, 8]
    };

    private static (TuckerManifold Manifold, LowRankPoint X) Setup(int s, int k, int r, RadialView view, int[] ranks)
    {
        var manifold = new TuckerManifold(new RadialShape(s, k, r), view, ranks);
        return (manifold, manifold.Truncate(Gaussian(manifold.Shape.Length, 1)));
    }

    /// <summary>core ×_i U_i with a Gaussian core and Gaussian (non-orthonormal) factors: multilinear rank exactly r.</summary>
    private static double[] ExactTucker(int[] modes, int[] ranks, int seed)
    {
        var tensor = Gaussian(ranks.Aggregate(1, (p, n) => p * n), seed);
        var dims = (int[])ranks.Clone();
        for (int i = 0; i < modes.Length; i++)
        {
            var u = Matrix<double>.Build.DenseOfColumnMajor(modes[i], ranks[i], Gaussian(modes[i] * ranks[i], seed + i + 1));
            int left = dims[..i].Aggregate(1, (p, n) => p * n), right = dims[(i + 1)..].Aggregate(1, (p, n) => p * n);
            var next = new double[left * modes[i] * right];
            for (int l = 0; l < left; l++)
                for (int j = 0; j < modes[i]; j++)
                    for (int a = 0; a < ranks[i]; a++)
                        for (int q = 0; q < right; q++)
                            next[(l * modes[i] + j) * right + q] += u[j, a] * tensor[(l * ranks[i] + a) * right + q];
            tensor = next;
            dims[i] = modes[i];
        }
        return tensor;
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
    public void TruncationOfAnExactLowRankTensorReturnsIt(int s, int k, int r, RadialView view, int[] ranks)
    {
        var manifold = new TuckerManifold(new RadialShape(s, k, r), view, ranks);
        var exact = ExactTucker(manifold.Modes, ranks, 4);
        Assert.Equal(ranks, MultilinearRanks(exact, manifold.Modes));
        Assert.True(Distance(manifold.Truncate(exact).Dense, exact) <= 1e-12 * Norm(exact));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RetractionFixesZeroKeepsTheRanksAndIsSecondOrderAccurate(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        var xi = RandomTangent(manifold, x, 5);
        Assert.True(Distance(manifold.Retract(x, xi, 0).Dense, x.Dense) <= 1e-12 * Norm(x.Dense));
        Assert.Equal(ranks, MultilinearRanks(manifold.Retract(x, xi, 0.3).Dense, manifold.Modes));
        double Error(double t) => Distance(manifold.Retract(x, xi, t).Dense, Combine(x.Dense, 1, xi, t));
        Assert.InRange(Error(1e-3) / Error(5e-4), 3.5, 4.5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactorsRoundTripExactly(int s, int k, int r, RadialView view, int[] ranks)
    {
        var (manifold, x) = Setup(s, k, r, view, ranks);
        Assert.Equal(["core", .. ranks.Select((_, i) => $"U{i + 1}")], x.Factors.Select(f => f.Name));
        Assert.Equal(ranks, x.Factors[0].Shape);
        Assert.Equal(manifold.StoredParameterCount, x.Factors.Sum(f => f.Data.Length));
        Assert.Equal(x.Dense, manifold.FromFactors(x.Factors).Dense);
        var broken = x.Factors.Select(f => f.Name == "U2" ? f with { Shape = [f.Shape[0] + 1, f.Shape[1]] } : f).ToList();
        Assert.Contains("'U2'", Assert.Throws<ArgumentException>(() => manifold.FromFactors(broken)).Message);
    }

    [Fact]
    public void ProjectionIsGaugeInvariant()
    {
        // Non-orthonormal factors (U1 scaled by 2, core halved) describe the same point and tangent space.
        var manifold = new TuckerManifold(Small, RadialView.Tensor3, [2, 2, 3]);
        var x = manifold.Truncate(Gaussian(Small.Length, 6));
        var rescaled = x.Factors.Select(f => f.Name switch
        {
            "core" => f with { Data = f.Data.Select(v => v / 2).ToArray() },
            "U1" => f with { Data = f.Data.Select(v => v * 2).ToArray() },
            _ => f,
        }).ToList();
        var y = manifold.FromFactors(rescaled);
        Assert.True(Distance(y.Dense, x.Dense) <= 1e-14 * Norm(x.Dense));
        var z = Gaussian(Small.Length, 7);
        Assert.True(Distance(Project(manifold, x, z), Project(manifold, y, z)) <= 1e-12 * Norm(z));
    }

    [Theory]
    [InlineData(RadialView.Tensor3, new[] { 2, 2, 3 })]
    [InlineData(RadialView.Tensor4, new[] { 2, 2, 2, 3 })]
    [InlineData(RadialView.Tensor4, new[] { 1, 2, 2, 2 })]
    public void CountsMatchTheFormulasAndTheTangentSpace(RadialView view, int[] ranks)
    {
        var manifold = new TuckerManifold(Small, view, ranks);
        var modes = manifold.Modes;
        int core = ranks.Aggregate(1, (p, n) => p * n);
        Assert.Equal(core + modes.Select((n, i) => n * ranks[i] - ranks[i] * ranks[i]).Sum(), manifold.Dimension);
        Assert.Equal(core + modes.Select((n, i) => n * ranks[i]).Sum(), manifold.StoredParameterCount);
        Assert.Equal(manifold.Dimension, TangentDimension(manifold, manifold.Truncate(Gaussian(Small.Length, 8))));
    }

    [Fact]
    public void RejectsBadViewsAndRanks()
    {
        Assert.Throws<ArgumentException>(() => new TuckerManifold(Small, RadialView.Pairs, [2, 2]));
        Assert.Throws<ArgumentException>(() => new TuckerManifold(Small, RadialView.Tensor3, [2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TuckerManifold(Small, RadialView.Tensor3, [5, 2, 2])); // r1 > n1 = 4
        Assert.Throws<ArgumentOutOfRangeException>(() => new TuckerManifold(Small, RadialView.Tensor3, [1, 1, 2])); // r3 > r1·r2
    }
}
