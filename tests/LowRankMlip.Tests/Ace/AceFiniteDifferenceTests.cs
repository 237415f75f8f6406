using LowRankMlip.Ace;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// ACE forces against −∂E/∂r and the virial against −∂E/∂ε by central differences (ace-spec §7), for
/// both reference potentials and every radial basis, inner-cutoff mode and embedding.
/// </summary>
public class AceFiniteDifferenceTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "AlNi", 1 }, { "InP", 2 }, { "SBessel", 3 }, { "ChebLinear", 4 }, { "DistanceCore", 5 }, { "FinnisSinclairSqrt", 6 }, { "Zbl", 7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForcesAreMinusTheEnergyGradient(string name, int seed)
    {
        var ev = new AceEvaluator(AceVariants.Named(name), KernelPath.Scalar);
        var cfg = AceVariants.Structure(name, seed);
        var forces = ev.Evaluate(cfg).ForcesCopy();
        Assert.Contains(forces, f => Math.Abs(f) > 1e-3);
        var fd = FiniteDifference.Forces(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < fd.Length; k++)
            Assert.True(Math.Abs(fd[k] - forces[k]) <= 2e-5 * Math.Max(1, Math.Abs(fd[k])), $"{name}: component {k}: finite difference {fd[k]:R}, analytic {forces[k]:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VirialIsMinusTheStrainDerivative(string name, int seed)
    {
        var ev = new AceEvaluator(AceVariants.Named(name), KernelPath.Scalar);
        var cfg = AceVariants.Structure(name, seed);
        var w = ev.Evaluate(cfg).VirialMatrix.ToArray();
        var fd = FiniteDifference.Virial(cfg, c => ev.Evaluate(c).Energy);
        for (int k = 0; k < 9; k++)
            Assert.True(Math.Abs(fd[k] - w[k]) <= 1e-4 * Math.Max(1, Math.Abs(fd[k])), $"{name}: W[{k / 3},{k % 3}]: finite difference {fd[k]:R}, analytic {w[k]:R}");
    }
}
