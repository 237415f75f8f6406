using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Mtp;

/// <summary>
/// The latent-radial evaluator (<see cref="LatentRadial"/>, C = U ×_μ V) against the dense evaluator on the
/// composed tensor: real potentials whose radial tensor is truncated to μ-rank r by SVD, real and
/// hand-made configurations, every kernel width. E, site energies and W to 1e-10 relative, forces to 1e-10·max|F|.
/// </summary>
public class LatentEvaluatorTests
{
    private const double Tolerance = 1e-10;

    private static MtpPotential MoLevel20 => Potentials.Load("mlearn-zuo2020", "fitted-mtp", "Mo", "fitted.mtp");
    private static MtpPotential Quaternary14 => Potentials.Load("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp");

    private static readonly Dictionary<string, List<Configuration>> ConfigCache = new();

    private static List<Configuration> FirstConfigurations(MtpPotential pot, string[] relative, int count, string[]? species)
    {
        var key = string.Join('/', relative) + "#" + count;
        lock (ConfigCache)
        {
            if (ConfigCache.TryGetValue(key, out var list)) return list;
            list = [];
            foreach (var cfg in ConfigurationFiles.Read(TestData.Path(relative)))
            {
                SpeciesResolver.Apply(cfg, pot, species, list.Count);
                list.Add(cfg);
                if (list.Count == count) break;
            }
            return ConfigCache[key] = list;
        }
    }

    /// <summary>The best μ-rank-r approximation of the potential's radial tensor, and the potential carrying it.</summary>
    private static (MtpPotential Dense, LatentRadial Latent) Truncated(MtpPotential pot, int rank)
    {
        int pairs = pot.SpeciesCount * pot.SpeciesCount, K = pot.RadialFunctionCount, R = pot.RadialBasisSize;
        var full = LatentRadial.FromDense(pot.RadialCoeffs, pairs, K, R, relativeTolerance: 0);
        Assert.Equal(K, full.Rank); // fitted tensors have full μ-rank
        var latent = full.Truncate(rank, R);
        var dense = pot.Clone();
        dense.RadialCoeffs = latent.Compose(pairs, K, R);
        return (dense, latent);
    }

    public static IEnumerable<object[]> Paths() =>
        new[] { KernelPath.Scalar, KernelPath.Vector256, KernelPath.Vector512 }.Select(p => new object[] { p });

    private static void AssertSame(EfsResult expected, EfsResult actual, string what)
    {
        Assert.Equal(expected.AtomCount, actual.AtomCount);
        Assert.True(Rel(expected.Energy, actual.Energy) <= Tolerance, $"{what}: energy {actual.Energy} vs dense {expected.Energy}");
        int n = expected.AtomCount;
        for (int i = 0; i < n; i++)
            Assert.True(Rel(expected.SiteEnergies[i], actual.SiteEnergies[i]) <= Tolerance,
                $"{what}: site energy {i}: {actual.SiteEnergies[i]} vs dense {expected.SiteEnergies[i]}");
        double fScale = Math.Max(expected.ForcesCopy().Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-300);
        for (int k = 0; k < 3 * n; k++)
            Assert.True(Math.Abs(expected.Forces[k] - actual.Forces[k]) <= Tolerance * fScale,
                $"{what}: force component {k}: {actual.Forces[k]} vs dense {expected.Forces[k]} (max |F| {fScale})");
        double wScale = Math.Max(expected.VirialMatrix.Select(Math.Abs).Max(), 1e-300);
        for (int k = 0; k < 9; k++)
            Assert.True(Math.Abs(expected.VirialMatrix[k] - actual.VirialMatrix[k]) <= Tolerance * wScale,
                $"{what}: virial {k}: {actual.VirialMatrix[k]} vs dense {expected.VirialMatrix[k]}");
    }

    private static double Rel(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    private static void CompareOn(MtpPotential pot, int rank, KernelPath path, IEnumerable<Configuration> configurations, string name)
    {
        var (densePot, latent) = Truncated(pot, rank);
        var dense = new MtpEvaluator(densePot, path);
        var fast = new MtpEvaluator(pot, latent, path);
        Assert.True(fast.UsesLatentRadial);
        Assert.False(dense.UsesLatentRadial);
        Assert.Equal(path == KernelPath.Auto ? KernelDispatch.Best : path, fast.Path);
        // One workspace and result reused across configurations, as the hot loop uses them.
        var ws = fast.CreateWorkspace();
        var result = new EfsResult();
        int c = 0;
        foreach (var cfg in configurations)
        {
            var expected = dense.Evaluate(cfg);
            fast.Evaluate(cfg, NeighborList.Build(cfg, fast.Cutoff), ws, result);
            AssertSame(expected, result, $"{name} rank {rank} {path} configuration {c++}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void MoLevel20MatchesDenseOnComposedTensorForEveryRank(KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) return;
        var pot = MoLevel20;
        Assert.Equal(20, pot.Level);
        var cfgs = FirstConfigurations(pot, ["mlearn-zuo2020", "data", "Mo", "test.json"], 3, null);
        foreach (int rank in new[] { 1, 2, pot.RadialFunctionCount - 1, pot.RadialFunctionCount })
            CompareOn(pot, rank, path, cfgs, "Mo L20");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void QuaternaryMatchesDenseOnComposedTensorForEveryRank(KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) return;
        var pot = Quaternary14;
        Assert.Equal(4, pot.SpeciesCount);
        var cfgs = FirstConfigurations(pot, ["monbtaw-li2020", "training", "Multinary_Test.json"], 2, ["Nb", "Mo", "Ta", "W"]);
        Assert.Contains(cfgs, c => c.Types.Distinct().Count() >= 3);
        foreach (int rank in new[] { 1, 2, pot.RadialFunctionCount - 1, pot.RadialFunctionCount })
            CompareOn(pot, rank, path, cfgs, "NbMoTaW L14");
    }

    /// <summary>Sparse neighbourhoods: an isolated atom, a dimer, a molecule whose atoms have 0–3 neighbours, an empty configuration.</summary>
    private static IEnumerable<Configuration> FewNeighbours(MtpPotential pot)
    {
        int t0 = pot.SpeciesTypes[0], t1 = pot.SpeciesTypes[pot.SpeciesCount - 1];
        double d = 0.5 * (pot.MinDist + pot.MaxDist);
        yield return new Configuration(Cell.None, [], []);
        yield return new Configuration(Cell.None, [t1], [0, 0, 0]);
        yield return new Configuration(Cell.None, [t0, t1], [0, 0, 0, 0.3 * d, 0.8 * d, 0.5 * d]);
        // A bent chain plus one far-away atom (no neighbours at all).
        yield return new Configuration(Cell.None, [t0, t1, t0, t1, t0],
            [0, 0, 0, d, 0.1, 0, d + 0.2, d, 0.3, 0.4, d + 0.3, -0.5 * d, 40, 40, 40]);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FewOrNoNeighboursMatchDense(KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) return;
        foreach (var pot in new[] { MoLevel20, Quaternary14 })
            foreach (int rank in new[] { 1, 2, pot.RadialFunctionCount - 1 })
                CompareOn(pot, rank, path, FewNeighbours(pot), pot.Level + "/" + pot.SpeciesCount);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void RepulsiveThreeSpeciesRandomCellsMatchDense(KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) return;
        var pot = Potentials.Repulsive20;
        // 1..13 atoms cover every batch tail of 4 and 8 lanes; small distances exercise the clamped basis.
        var cfgs = new[] { 1, 5, 9, 13 }.Select(n => RandomStructures.Triclinic(n, n, 3, edge: 4 + 1.5 * Math.Cbrt(n), minDistance: 1.6)).ToList();
        foreach (int rank in new[] { 1, 2, pot.RadialFunctionCount - 1 })
            CompareOn(pot, rank, path, cfgs, "PdAg repulsive L20");
    }

    [Fact]
    public void AutoPathAndConvenienceEvaluateMatchDense()
    {
        var pot = MoLevel20;
        var (densePot, latent) = Truncated(pot, 2);
        var cfg = FirstConfigurations(pot, ["mlearn-zuo2020", "data", "Mo", "test.json"], 3, null)[0];
        var fast = new MtpEvaluator(pot, latent);
        Assert.Equal(KernelDispatch.Best, fast.Path);
        AssertSame(new MtpEvaluator(densePot).Evaluate(cfg), fast.Evaluate(cfg), "Auto");
        // The evaluator's potential carries the composed tensor; the caller's potential is untouched.
        Assert.Equal(densePot.RadialCoeffs, fast.Potential.RadialCoeffs);
        Assert.NotSame(pot, fast.Potential);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void WarmEvaluationAllocatesNothing(KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) return;
        var pot = Quaternary14;
        var (_, latent) = Truncated(pot, 2);
        var fast = new MtpEvaluator(pot, latent, path);
        var cfg = FirstConfigurations(pot, ["monbtaw-li2020", "training", "Multinary_Test.json"], 2, ["Nb", "Mo", "Ta", "W"])[0];
        var list = NeighborList.Build(cfg, fast.Cutoff);
        var ws = fast.CreateWorkspace();
        var result = new EfsResult();
        fast.Evaluate(cfg, list, ws, result);
        fast.Evaluate(cfg, list, ws, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        fast.Evaluate(cfg, list, ws, result);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PlanChoosesTheCheaperOfLatentAndDirectPerMonomial()
    {
        // Level 20: 165 monomials read by μ = 0, 84 by μ ≤ 1, 35 by μ ≤ 2, 10 by μ ≤ 3, 1 by all five (295 basic moments).
        var pot = MoLevel20;
        int[] expectedRows = [165, 81 + 2 * 84, 81 + 49 * 2 + 35 * 3, 81 + 49 * 2 + 25 * 3 + 10 * 4, 295];
        for (int rank = 1; rank <= 5; rank++)
        {
            var (_, latent) = Truncated(pot, rank);
            var plan = new MtpEvaluator(pot, latent, KernelPath.Scalar).LatentPlan;
            Assert.NotNull(plan);
            Assert.Equal(expectedRows[rank - 1], plan.Value.Rows);
        }
        Assert.Null(new MtpEvaluator(pot, KernelPath.Scalar).LatentPlan);
    }

    [Theory]
    [InlineData(1, 5, 8, 1)]
    [InlineData(1, 5, 8, 2)]
    [InlineData(1, 5, 8, 4)]
    [InlineData(4, 4, 8, 3)]
    [InlineData(16, 4, 8, 2)]
    [InlineData(9, 6, 10, 5)]
    [InlineData(3, 1, 4, 1)]
    public void FromDenseRecoversTheRankAndComposeReproducesTheTensor(int pairs, int functions, int basisSize, int rank)
    {
        var rng = new Random(1000 * pairs + 100 * functions + 10 * basisSize + rank);
        var u = Enumerable.Range(0, functions * rank).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var v = Enumerable.Range(0, pairs * rank * basisSize).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var exact = new LatentRadial(rank, u, v).Compose(pairs, functions, basisSize);

        var factored = LatentRadial.FromDense(exact, pairs, functions, basisSize);
        Assert.Equal(rank, factored.Rank);
        Assert.Equal(functions * rank, factored.Mixing.Length);
        Assert.Equal(pairs * rank * basisSize, factored.LatentCoeffs.Length);
        var back = new double[exact.Length];
        factored.ComposeInto(back, pairs, functions, basisSize);
        double scale = exact.Select(Math.Abs).Max();
        for (int k = 0; k < exact.Length; k++)
            Assert.True(Math.Abs(back[k] - exact[k]) <= 1e-12 * scale, $"entry {k}: {back[k]} vs {exact[k]}");
        // U has orthonormal columns.
        for (int a = 0; a < rank; a++)
            for (int b = 0; b < rank; b++)
            {
                double dot = 0;
                for (int mu = 0; mu < functions; mu++) dot += factored.Mixing[mu * rank + a] * factored.Mixing[mu * rank + b];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-12);
            }
    }

    [Fact]
    public void FromDenseOfARealTensorIsExactAtFullRankAndTruncationIsEckartYoung()
    {
        var pot = MoLevel20;
        int K = pot.RadialFunctionCount, R = pot.RadialBasisSize;
        var c = pot.RadialCoeffs!;
        var full = LatentRadial.FromDense(c, 1, K, R);
        Assert.Equal(K, full.Rank);
        var back = full.Compose(1, K, R);
        double scale = c.Select(Math.Abs).Max();
        for (int k = 0; k < c.Length; k++) Assert.True(Math.Abs(back[k] - c[k]) <= 1e-12 * scale);
        // Truncation error decreases with the rank.
        double previous = double.PositiveInfinity;
        for (int r = 1; r <= K; r++)
        {
            var approx = full.Truncate(r, R).Compose(1, K, R);
            double err = Math.Sqrt(c.Zip(approx).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
            Assert.True(err < previous);
            previous = err;
        }
        Assert.True(previous <= 1e-12 * scale * c.Length);
    }

    [Fact]
    public void ZeroTensorFactorsToRankOne()
    {
        var z = LatentRadial.FromDense(new double[2 * 3 * 4], 2, 3, 4);
        Assert.Equal(1, z.Rank);
        Assert.All(z.Compose(2, 3, 4), x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void ShapeErrorsAreArgumentExceptions()
    {
        var pot = Quaternary14; // S = 4, K = 4, R = 8
        int pairs = 16, K = 4, R = 8;
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatentRadial(0, [], []));
        var wrongMixing = new LatentRadial(2, new double[K * 2 + 1], new double[pairs * 2 * R]);
        var e1 = Assert.Throws<ArgumentException>(() => new MtpEvaluator(pot, wrongMixing));
        Assert.Contains("mixing", e1.Message);
        var wrongLatent = new LatentRadial(2, new double[K * 2], new double[pairs * 2 * R - 1]);
        var e2 = Assert.Throws<ArgumentException>(() => new MtpEvaluator(pot, wrongLatent));
        Assert.Contains("latent coefficients", e2.Message);
        var tooHigh = new LatentRadial(K + 1, new double[K * (K + 1)], new double[pairs * (K + 1) * R]);
        Assert.Contains("exceeds", Assert.Throws<ArgumentException>(() => new MtpEvaluator(pot, tooHigh)).Message);
        Assert.Throws<ArgumentException>(() => wrongLatent.ComposeInto(new double[pairs * K * R], pairs, K, R));
        Assert.Throws<ArgumentException>(() => LatentRadial.FromDense(new double[5], 1, 2, 3));
    }

    [Fact]
    public void SetParametersIsRefusedOnALatentEvaluator()
    {
        var pot = Quaternary14;
        var (densePot, latent) = Truncated(pot, 2);
        var fast = new MtpEvaluator(pot, latent);
        var e = Assert.Throws<InvalidOperationException>(() =>
            fast.SetParameters(densePot.RadialCoeffs, densePot.SpeciesCoeffs, densePot.MomentCoeffs, densePot.Scaling));
        Assert.Contains("dense evaluator", e.Message);
    }

    [Fact]
    public void GradientAndLinearDesignFallBackToTheDenseKernelsOnTheComposedTensor()
    {
        var pot = Quaternary14;
        var (densePot, latent) = Truncated(pot, 2);
        var cfg = FirstConfigurations(pot, ["monbtaw-li2020", "training", "Multinary_Test.json"], 2, ["Nb", "Mo", "Ta", "W"])[1];
        var dense = new MtpEvaluator(densePot, KernelPath.Scalar);
        var fast = new MtpEvaluator(pot, latent, KernelPath.Scalar);
        var list = NeighborList.Build(cfg, dense.Cutoff);
        var rng = new Random(7);
        var lambda = Enumerable.Range(0, 3 * cfg.AtomCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var mu9 = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var g0 = new double[densePot.TotalParameterCount];
        var g1 = new double[densePot.TotalParameterCount];
        dense.AccumulateParameterGradient(cfg, list, dense.CreateWorkspace(), 0.7, lambda, mu9, g0);
        fast.AccumulateParameterGradient(cfg, list, fast.CreateWorkspace(), 0.7, lambda, mu9, g1);
        Assert.Equal(g0, g1);
        var d0 = new LinearDesign();
        var d1 = new LinearDesign();
        dense.ComputeLinearDesign(cfg, list, dense.CreateWorkspace(), d0);
        fast.ComputeLinearDesign(cfg, list, fast.CreateWorkspace(), d1);
        Assert.Equal(d0.Forces, d1.Forces);
        Assert.Equal(d0.Energy, d1.Energy);
    }

    [Fact]
    public void UntrainedRadialIsNotNeeded()
    {
        // The latent constructor ignores the potential's own radial tensor.
        var pot = MoLevel20.Clone();
        var (densePot, latent) = Truncated(MoLevel20, 3);
        pot.RadialCoeffs = null;
        var cfg = FirstConfigurations(MoLevel20, ["mlearn-zuo2020", "data", "Mo", "test.json"], 3, null)[1];
        AssertSame(new MtpEvaluator(densePot, KernelPath.Scalar).Evaluate(cfg), new MtpEvaluator(pot, latent, KernelPath.Scalar).Evaluate(cfg), "null radial");
    }
}
