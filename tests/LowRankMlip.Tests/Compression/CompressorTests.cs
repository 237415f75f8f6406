using LowRankMlip.Compression;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Tests.Compression;

/// <summary>Every method end to end on a small real problem (Au-Ag-Cu level 10, 12 configurations).</summary>
public class CompressorTests
{
    private static readonly List<Configuration> Train = CompressionFixtures.Data(12);
    private static readonly List<Configuration> Valid = CompressionFixtures.Data(6, skip: 50);

    private static CompressionResult Run(CompressionMethod method, RadialView view, int[] ranks, int iterations = 12, bool refit = false,
        string? checkpoint = null, bool resume = false, IReadOnlyList<Configuration>? validation = null, int startRank = 1) =>
        new Compressor(new CompressionOptions
        {
            Method = method, View = view, Ranks = ranks, RefitLinear = refit, StartRank = startRank, AugmentWindow = 3,
            Training = new TrainerOptions { IterationLimit = iterations, Tolerance = 0, Threads = 2, CheckpointPath = checkpoint, Resume = resume },
        }).Run(CompressionFixtures.Potential, null, Train, validation);

    private static (double Energy, double Force) ErrorsOf(MtpPotential p)
    {
        var loss = new Loss(p, new TrainingSet(Train, p.MaxDist), new LossWeights(), 2);
        loss.Evaluate(loss.Layout.Pack(p), Span<double>.Empty);
        return (loss.LastEnergyRmsePerAtom, loss.LastForceRmse);
    }

    [Fact]
    public void SvdTruncatesWithoutFittingAndTheRefitLowersTheLoss()
    {
        var plain = Run(CompressionMethod.Svd, RadialView.Pairs, [2]);
        var refit = Run(CompressionMethod.Svd, RadialView.Pairs, [2], refit: true);
        var shape = CompressionFixtures.Shape(CompressionFixtures.Potential);
        var expected = new FixedRankManifold(shape, RadialView.Pairs, 2).Truncate(CompressionFixtures.Potential.RadialCoeffs!).Dense;
        Assert.Equal(expected, plain.Compressed.Potential.RadialCoeffs);
        Assert.Equal(CompressionFixtures.Potential.MomentCoeffs, plain.Compressed.Potential.MomentCoeffs);
        Assert.Equal(expected, refit.Compressed.Potential.RadialCoeffs);
        Assert.True(refit.Loss < plain.Loss, $"refit {refit.Loss} vs truncation {plain.Loss}");
        Assert.Equal(0, plain.Iterations);
    }

    public static TheoryData<CompressionMethod, RadialView, int[]> Methods => new()
    {
        { CompressionMethod.Mf, RadialView.Pairs, [2] },
        { CompressionMethod.Mf, RadialView.PairMu, [3] },
        { CompressionMethod.Rmf, RadialView.Pairs, [2] },
        { CompressionMethod.Rmf, RadialView.Mu, [2] },
        { CompressionMethod.Rmf, RadialView.Center, [2] },
        { CompressionMethod.Tucker, RadialView.Tensor3, [4, 2, 5] },
        { CompressionMethod.Tt, RadialView.Tensor4, [2, 4, 5] },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void EachMethodFitsBelowTheRefitTruncationAndKeepsItsRank(CompressionMethod method, RadialView view, int[] ranks)
    {
        var svd = Run(CompressionMethod.Svd, view, ranks, refit: true);
        var fitted = Run(method, view, ranks);
        Assert.True(fitted.Loss < svd.Loss, $"{method}: {fitted.Loss} vs svd+refit {svd.Loss}");
        Assert.True(fitted.History.Count > 0);
        // The saved dense tensor is the factors' product and has the method's rank.
        var radial = fitted.Compressed.Radial;
        Assert.Equal(radial.Dense, fitted.Compressed.Potential.RadialCoeffs);
        Assert.Equal(ranks, radial.Ranks);
        var truncated = radial.Manifold().Truncate(radial.Dense).Dense;
        double err = truncated.Zip(radial.Dense, (x, y) => (x - y) * (x - y)).Sum(), norm = radial.Dense.Sum(x => x * x);
        Assert.True(err <= 1e-18 * norm, $"{method}: not of rank {string.Join(",", ranks)} ({err / norm})");
        // The reported errors are those of the saved potential.
        var (energy, force) = ErrorsOf(fitted.Compressed.Potential);
        Assert.Equal(fitted.TrainEnergyRmsePerAtom, energy, 1e-9 * energy);
        Assert.Equal(fitted.TrainForceRmse, force, 1e-9 * force);
        // Parameter accounting.
        var counts = fitted.Compressed.Counts;
        Assert.Equal(fitted.Compressed.Potential.RadialParameterCount, counts.FullRadial);
        Assert.Equal(100.0 * (1 - (double)counts.Radial / counts.FullRadial), counts.RadialCompressionPercent, 12);
    }

    [Fact]
    public void RankAugmentationNeverRaisesTheLossWhenItAddsARank()
    {
        var result = Run(CompressionMethod.Mfra, RadialView.Pairs, [3], iterations: 30);
        Assert.Equal([1, 2, 3], result.Ranks.Select(r => r.Rank));
        for (int k = 1; k < result.Ranks.Count; k++)
            Assert.True(result.Ranks[k].Loss <= result.Ranks[k - 1].Loss, $"rank {result.Ranks[k].Rank}: {result.Ranks[k].Loss} > {result.Ranks[k - 1].Loss}");
        Assert.Equal(3, result.Compressed.Radial.Ranks[0]);
        // The curve is continuous across each switch: no iteration after an augmentation is above the loss before it.
        for (int k = 1; k < result.History.Count; k++)
            Assert.True(result.History[k].Loss <= result.History[k - 1].Loss * (1 + 1e-12), $"iteration {result.History[k].Iteration}");
    }

    [Fact]
    public void TheGreedyAugmentationStepDecreasesTheLoss()
    {
        var p = CompressionFixtures.Potential;
        var shape = CompressionFixtures.Shape(p);
        var loss = new Loss(p, new TrainingSet(Train, p.MaxDist), new LossWeights(), 2);
        var reduced = new VariableProjection(loss, 2, loss.Layout.Pack(p));
        var session = new CompressionSession(new CompressionOptions { Method = CompressionMethod.Mfra, Ranks = [3] }, p, reduced, null, [], 0, 0, [], default);
        var matrix = new FactoredMatrix(shape, RadialView.Pairs, 1);
        var factors = matrix.FromTruncatedSvd(p.RadialCoeffs!);
        var dense = new double[shape.Length];
        matrix.Compose(factors, dense);
        double before = reduced.Evaluate(dense, Span<double>.Empty);
        var augmented = RankAugmentation.Augment(session.Reduced, matrix, factors, shape, seed: 1);
        var bigger = matrix.WithRank(2);
        Assert.Equal(bigger.ParameterCount, augmented.Length);
        bigger.Compose(augmented, dense);
        double after = reduced.Evaluate(dense, Span<double>.Empty);
        Assert.True(after < before, $"{after} ≥ {before}");
    }

    [Fact]
    public void FactoredGradientMatchesFiniteDifferencesOfTheReducedLoss()
    {
        var p = CompressionFixtures.Potential;
        var shape = CompressionFixtures.Shape(p);
        var loss = new Loss(p, new TrainingSet(Train.Take(4).ToList(), p.MaxDist), new LossWeights(), 2);
        var reduced = new VariableProjection(loss, 2, loss.Layout.Pack(p));
        var matrix = new FactoredMatrix(shape, RadialView.Pairs, 2);
        var objective = new FactoredObjective(matrix, reduced);
        var x = matrix.FromTruncatedSvd(p.RadialCoeffs!);
        var g = new double[x.Length];
        objective.Evaluate(x, g);
        var rng = new Random(3);
        foreach (int k in Enumerable.Range(0, 6).Select(_ => rng.Next(x.Length)))
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x[k]));
            var xp = (double[])x.Clone(); xp[k] += h;
            var xm = (double[])x.Clone(); xm[k] -= h;
            double fd = (objective.Evaluate(xp, Span<double>.Empty) - objective.Evaluate(xm, Span<double>.Empty)) / (2 * h);
            Assert.True(Math.Abs(fd - g[k]) <= 1e-5 * Math.Max(Math.Abs(fd), 1e-3 * g.Max(Math.Abs)), $"∂/∂x[{k}]: chain rule {g[k]}, finite difference {fd}");
        }
    }

    [Fact]
    public void ACheckpointedRunResumesWhereItStopped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lrmlip-ckpt-{Guid.NewGuid():N}.lrmtp");
        try
        {
            var first = Run(CompressionMethod.Rmf, RadialView.Pairs, [2], iterations: 6, checkpoint: path);
            Assert.True(CompressionCheckpoint.Exists(path));
            var resumed = Run(CompressionMethod.Rmf, RadialView.Pairs, [2], iterations: 10, checkpoint: path, resume: true);
            Assert.Equal(10, resumed.Iterations);
            Assert.Equal(first.History.Select(h => h.Loss), resumed.History.Take(first.History.Count).Select(h => h.Loss));
            Assert.True(resumed.Loss <= first.Loss * (1 + 1e-9));
        }
        finally
        {
            File.Delete(path);
            File.Delete(CompressionCheckpoint.StatePath(path));
        }
    }

    [Theory]
    [InlineData(CompressionMethod.Tucker, RadialView.Pairs, new[] { 2 }, "tensor view")]
    [InlineData(CompressionMethod.Rmf, RadialView.Tensor3, new[] { 2 }, "matrix view")]
    [InlineData(CompressionMethod.Rmf, RadialView.Mu, new[] { 4 }, "exceeds min(m, n) = 3")]
    [InlineData(CompressionMethod.Tt, RadialView.Tensor3, new[] { 2, 2, 2 }, "takes 2 ranks")]
    public void ImpossibleViewsAndRanksAreRejectedWithTheReason(CompressionMethod method, RadialView view, int[] ranks, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => CompressionTargets.Validate(method, CompressionFixtures.Shape(CompressionFixtures.Potential), view, ranks));
        Assert.Contains(message, e.Message);
    }
}
