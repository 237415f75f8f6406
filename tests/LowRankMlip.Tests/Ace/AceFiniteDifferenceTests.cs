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
        const double h = 1e-6;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double fd = -(Strained(ev, cfg, a, b, h) - Strained(ev, cfg, a, b, -h)) / (2 * h);
                Assert.True(Math.Abs(fd - w[3 * a + b]) <= 1e-4 * Math.Max(1, Math.Abs(fd)), $"{name}: W[{a},{b}]: finite difference {fd:R}, analytic {w[3 * a + b]:R}");
            }
    }

    /// <summary>Energy after the homogeneous deformation x → (I + h·e_a e_bᵀ) x of cell and positions.</summary>
    internal static double Strained(AceEvaluator ev, Configuration cfg, int a, int b, double h)
    {
        static double[] Deform(double[] v, int a, int b, double h)
        {
            var o = (double[])v.Clone();
            for (int i = 0; i < v.Length / 3; i++) o[3 * i + a] += h * v[3 * i + b];
            return o;
        }
        var strained = new Configuration(new Cell(Deform(cfg.Cell.Vectors, a, b, h), 3), cfg.Types, Deform(cfg.Positions, a, b, h));
        return ev.Evaluate(strained).Energy;
    }
}
