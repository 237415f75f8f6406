using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Generation;
using LowRankMlip.Simulation.Teacher;
using MathNet.Numerics.RootFinding;

namespace LowRankMlip.Tests.Simulation;

/// <summary>
/// The static rock-salt oracles of flinak-teacher §4 (pure-salt Tosi–Fumi, no §5 core): r₀ where the pressure
/// (trace of the virial) vanishes, and the lattice energy per ion pair; and the Madelung constant of rock salt.
/// </summary>
public class RockSaltOracleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // Lattice sums reach 20 Å; the Ewald sum is converged to 1e-10 (flinak-teacher §4 used about 26 Å).
    private static readonly RigidIonSettings Converged = new() { Cutoff = 20, EwaldAccuracy = 1e-10 };

    /// <summary>r₀ (Å) and U (kJ/mol per ion pair) of the relaxed static lattice.</summary>
    public static (double R0, double LatticeEnergy) Relax(Ion cation)
    {
        var teacher = new RigidIonTeacher(TosiFumiModel.PureSalt(cation), Converged);
        double Pressure(double r0) => teacher.Compute(RockSalt.Cubic(cation, r0)).VirialMatrix is var w ? w[0] + w[4] + w[8] : 0;
        double r = Brent.FindRoot(Pressure, 1.8, 3.0, 1e-7);
        double energy = teacher.Compute(RockSalt.Cubic(cation, r)).Energy / 4; // 8 ions = 4 pairs
        return (r, energy * SimulationUnits.KilojoulePerMolePerEv);
    }

    [Theory]
    [InlineData(Ion.Li, 2.0045, -1043.1)]
    [InlineData(Ion.Na, 2.2888, -918.1)]
    [InlineData(Ion.K, 2.6454, -814.2)]
    public void StaticLatticeMatchesTheSpecOracle(Ion cation, double r0, double latticeEnergy)
    {
        var (r, u) = Relax(cation);
        output.WriteLine($"{cation}F: r0 = {r:F5} Å (oracle {r0}, {100 * (r - r0) / r0:+0.000;-0.000} %), U = {u:F2} kJ/mol (oracle {latticeEnergy}, {u - latticeEnergy:+0.00;-0.00})");
        Assert.True(Math.Abs(r - r0) < 5e-4, $"{cation}F: r0 = {r:F5} Å, oracle {r0} Å");
        Assert.True(Math.Abs(u - latticeEnergy) < 0.3, $"{cation}F: U = {u:F2} kJ/mol, oracle {latticeEnergy}");
    }

    [Theory]
    [InlineData(false, 0.30)]
    [InlineData(false, 0.55)]
    [InlineData(true, 0.45)]
    public void MadelungConstantOfRockSalt(bool primitiveCell, double alpha)
    {
        const double r0 = 2.0;
        var teacher = new RigidIonTeacher(TosiFumiModel.CoulombOnly(), new RigidIonSettings { Cutoff = 14, EwaldAlpha = alpha, EwaldAccuracy = 1e-12 });
        var cfg = primitiveCell ? RockSalt.Primitive(Ion.Na, r0) : RockSalt.Cubic(Ion.Na, r0);
        double perPair = teacher.Compute(cfg).Energy / (cfg.AtomCount / 2);
        double madelung = -perPair * r0 / SimulationUnits.CoulombConstant;
        output.WriteLine($"Madelung constant {madelung:R} (1.747564594633, deviation {madelung - 1.747564594633:E2})");
        Assert.True(Math.Abs(madelung - 1.747564594633) < 1e-7, $"Madelung constant {madelung:R}");
    }
}
