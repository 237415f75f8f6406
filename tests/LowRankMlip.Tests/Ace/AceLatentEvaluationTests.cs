using LowRankMlip.Ace;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// The latent (mu-view) evaluation path (<see cref="AceLatentRadial"/>) against the dense (n, l) path it
/// replaces: energy, site energies, forces and virial on both shipped potentials after a mu-view svd
/// truncation, finite differences on the latent path itself, SIMD against scalar, no allocation.
/// </summary>
public class AceLatentEvaluationTests
{
    /// <summary>The potential with crad truncated to mu rank <paramref name="rank"/> (0: unchanged).</summary>
    private static AcePotential MuTruncated(string name, int rank)
    {
        var p = AceVariants.Named(name);
        return rank == 0 ? p : AceRadialTruncation.Truncate(p, AceRadialTruncation.Manifold(p, RadialView.Mu, [rank]));
    }

    public static TheoryData<string, int, int> Cases() => new()
    {
        // InP's live crad already has mu rank 3 (< nradmax 22), so the shipped file takes the latent path.
        { "InP", 0, 3 }, { "InP", 2, 2 }, { "InP", 1, 1 }, { "AlNi", 1, 1 }, { "DistanceCore", 1, 1 }, { "Zbl", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LatentPathEqualsDensePath(string name, int truncation, int expectedRank)
    {
        var p = MuTruncated(name, truncation);
        var latent = new AceEvaluator(p, KernelPath.Scalar);
        var dense = new AceEvaluator(p, KernelPath.Scalar, allowLatent: false);
        Assert.Equal(expectedRank, latent.LatentRank);
        Assert.Null(dense.LatentRank);
        foreach (int seed in new[] { 31, 32 })
        {
            var cfg = AceVariants.Structure(name, seed);
            var a = dense.Evaluate(cfg);
            var b = latent.Evaluate(cfg);
            AssertClose(a, b, 1e-12, $"{name} mu rank {expectedRank}");
        }
    }

    [Fact]
    public void FullMuRankKeepsTheDensePath()
    {
        // Al-Ni's Al-Al block has rank 2 = nradmax: no per-neighbour saving, so the dense path stays.
        Assert.Null(new AceEvaluator(AcePotentials.AlNi).LatentRank);
        Assert.Equal(2, AceLatentRadial.LatentRankOf(AcePotentials.AlNi));
        Assert.Contains("dense", new AceEvaluator(AcePotentials.AlNi).EvaluationPathDescription);
        Assert.Contains("latent mu-view evaluation of rank 3", new AceEvaluator(AcePotentials.InP).EvaluationPathDescription);
    }

    [Theory]
    [InlineData("InP", 2, 41)]
    [InlineData("AlNi", 1, 42)]
    public void LatentForcesAndVirialAreTheEnergyDerivatives(string name, int rank, int seed)
    {
        var ev = new AceEvaluator(MuTruncated(name, rank), KernelPath.Scalar);
        Assert.Equal(rank, ev.LatentRank);
        var cfg = AceVariants.Structure(name, seed);
        var result = ev.Evaluate(cfg);
        var forces = result.ForcesCopy();
        Assert.Contains(forces, f => Math.Abs(f) > 1e-3);
        var fd = FiniteDifference.Forces(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < fd.Length; k++)
            Assert.True(Math.Abs(fd[k] - forces[k]) <= 2e-5 * Math.Max(1, Math.Abs(fd[k])), $"{name}: component {k}: finite difference {fd[k]:R}, analytic {forces[k]:R}");
        var w = result.VirialMatrix.ToArray();
        var fdw = FiniteDifference.Virial(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < 9; k++)
            Assert.True(Math.Abs(fdw[k] - w[k]) <= 1e-4 * Math.Max(1, Math.Abs(fdw[k])), $"{name}: W[{k / 3},{k % 3}]: finite difference {fdw[k]:R}, analytic {w[k]:R}");
    }

    [Fact]
    public void LatentSimdPathsEqualScalarPath()
    {
        var paths = new[] { KernelPath.Vector256, KernelPath.Vector512 }.Where(KernelDispatch.IsSupported).ToArray();
        Assert.NotEmpty(paths);
        foreach (var (name, rank) in new[] { ("InP", 0), ("InP", 2), ("AlNi", 1) })
        {
            var p = MuTruncated(name, rank);
            var cfg = AceVariants.Structure(name, 51);
            var scalar = new AceEvaluator(p, KernelPath.Scalar).Evaluate(cfg);
            foreach (var path in paths)
            {
                var simd = new AceEvaluator(p, path);
                Assert.NotNull(simd.LatentRank);
                AssertClose(scalar, simd.Evaluate(cfg), 1e-12, $"{name} rank {rank} {path}");
            }
        }
    }

    [Fact]
    public void LatentEvaluationDoesNotAllocate()
    {
        var ev = new AceEvaluator(AcePotentials.InP);
        Assert.NotNull(ev.LatentRank);
        var cfg = AceVariants.Structure("InP", 61);
        var list = NeighborList.Build(cfg, ev.Cutoff);
        var ws = ev.CreateWorkspace();
        var result = new EfsResult();
        ev.Evaluate(cfg, list, ws, result);
        ev.Evaluate(cfg, list, ws, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ev.Evaluate(cfg, list, ws, result);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void EnergyGradientsAreUnchangedWhenTheLatentPathIsAvailable()
    {
        var p = AcePotentials.InP;
        var cfg = AceVariants.Structure("InP", 71);
        var (ra, crada, ca) = new AceEvaluator(p).EnergyGradients(cfg);
        var (rb, cradb, cb) = new AceEvaluator(p, allowLatent: false).EnergyGradients(cfg);
        Assert.Equal(rb.Energy, ra.Energy, 1e-12 * Math.Abs(rb.Energy));
        Assert.Equal(cradb, crada);
        Assert.Equal(cb, ca);
    }

    private static void AssertClose(EfsResult a, EfsResult b, double tolerance, string what)
    {
        Assert.True(Math.Abs(a.Energy - b.Energy) <= tolerance * Math.Abs(a.Energy), $"{what}: energy {a.Energy:R} vs {b.Energy:R}");
        double scale = a.ForcesCopy().Max(Math.Abs);
        for (int k = 0; k < a.AtomCount; k++)
            Assert.True(Math.Abs(a.SiteEnergies[k] - b.SiteEnergies[k]) <= tolerance * Math.Max(1, Math.Abs(a.SiteEnergies[k])), $"{what}: site {k}");
        for (int k = 0; k < 3 * a.AtomCount; k++)
            Assert.True(Math.Abs(a.Forces[k] - b.Forces[k]) <= tolerance * Math.Max(1, scale), $"{what}: force {k}: {a.Forces[k]:R} vs {b.Forces[k]:R}");
        double vscale = a.VirialMatrix.ToArray().Max(Math.Abs);
        for (int k = 0; k < 9; k++)
            Assert.True(Math.Abs(a.VirialMatrix[k] - b.VirialMatrix[k]) <= tolerance * Math.Max(1, vscale), $"{what}: virial {k}: {a.VirialMatrix[k]:R} vs {b.VirialMatrix[k]:R}");
    }
}
