using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Mtp;

/// <summary>
/// Forces against −∂E/∂r and the virial against −∂E/∂ε under homogeneous strain (mtp-spec §5.3–§5.4),
/// by central differences on random triclinic multi-species cells, for both radial bases.
/// </summary>
public class FiniteDifferenceTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "multi10", 1 }, { "multi10", 2 }, { "cubic16", 3 }, { "repulsive20", 4 }, { "repulsive20-close", 5 },
    };

    private static (MtpPotential pot, Configuration cfg) Case(string name, int seed) => name switch
    {
        "multi10" => (Potentials.Multi10, RandomStructures.Triclinic(seed, 9, 3, edge: 6.5, minDistance: 2.1)),
        "cubic16" => (Potentials.Cubic16, RandomStructures.Triclinic(seed, 8, 1, edge: 6.0, minDistance: 2.1)),
        "repulsive20" => (Potentials.Repulsive20, RandomStructures.Triclinic(seed, 8, 3, edge: 6.5, minDistance: 2.2)),
        // Some pairs inside min_dist = 1.95 Å: exercises the clamped basis and the repulsion term.
        "repulsive20-close" => (Potentials.Repulsive20, RandomStructures.Triclinic(seed, 8, 3, edge: 5.5, minDistance: 1.7)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForcesAreMinusTheEnergyGradient(string name, int seed)
    {
        var (pot, cfg) = Case(name, seed);
        var ev = new MtpEvaluator(pot, KernelPath.Scalar);
        var forces = ev.Evaluate(cfg).ForcesCopy();
        var fd = FiniteDifference.Forces(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < fd.Length; k++)
            Assert.True(Math.Abs(fd[k] - forces[k]) <= 1e-6 * Math.Max(1, Math.Abs(fd[k])),
                $"{name}: component {k}: finite difference {fd[k]:R}, analytic {forces[k]:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VirialIsMinusTheStrainDerivative(string name, int seed)
    {
        var (pot, cfg) = Case(name, seed);
        var ev = new MtpEvaluator(pot, KernelPath.Scalar);
        var w = ev.Evaluate(cfg).VirialMatrix.ToArray();
        var fd = FiniteDifference.Virial(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < 9; k++)
            Assert.True(Math.Abs(fd[k] - w[k]) <= 1e-5 * Math.Max(1, Math.Abs(fd[k])),
                $"{name}: W[{k / 3},{k % 3}]: finite difference {fd[k]:R}, analytic {w[k]:R}");
    }

    [Fact]
    public void SiteEnergiesSumToTheEnergy()
    {
        var cfg = RandomStructures.Triclinic(11, 10, 3, edge: 6.5, minDistance: 2.1);
        var r = new MtpEvaluator(Potentials.Multi10).Evaluate(cfg);
        Assert.Equal(r.Energy, r.SiteEnergies.Take(cfg.AtomCount).Sum(), 1e-10);
    }
}
