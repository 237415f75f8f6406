using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Tests.Simulation;

/// <summary>The mixed Set P table built from the pure-salt values (§2, §3.1) against flinak-teacher §3.2, and the §5 safeguard.</summary>
public class TeacherParameterTests
{
    // flinak-teacher §3.2: pair, A (eV), ρ (Å), σ (Å), C (eV Å⁶), D_TF (eV Å⁸).
    public static TheoryData<Ion, Ion, double, double, double, double, double> SetP() => new()
    {
        { Ion.Li, Ion.Li, 0.42193, 0.2990, 1.632, 0.04556, 0.01872 },
        { Ion.Li, Ion.Na, 0.34281, 0.3145, 1.986, 0.21858, 0.09669 },
        { Ion.Li, Ion.K, 0.34281, 0.3185, 2.279, 0.83129, 0.52961 },
        { Ion.Li, Ion.F, 0.29007, 0.2990, 1.995, 0.49932, 0.37449 },
        { Ion.Na, Ion.Na, 0.26370, 0.3300, 2.340, 1.04857, 0.49932 },
        { Ion.Na, Ion.K, 0.26370, 0.3340, 2.633, 3.98793, 2.73489 },
        { Ion.Na, Ion.F, 0.21096, 0.3300, 2.349, 2.80868, 2.37177 },
        { Ion.K, Ion.K, 0.26370, 0.3380, 2.926, 15.16687, 14.97962 },
        { Ion.K, Ion.F, 0.21096, 0.3380, 2.642, 12.17094, 13.10717 },
        { Ion.F, Ion.F, 0.15822, 0.3178, 2.358, 10.26853, 12.13661 },
    };

    [Theory]
    [MemberData(nameof(SetP))]
    public void SetPMatchesTheTableOfTheSpec(Ion a, Ion b, double A, double rho, double sigma, double c, double d)
    {
        var pair = TosiFumiModel.Flinak(TosiFumiSet.P, core: false).Pair(b, a);
        Assert.Equal(A, pair.A, 5e-5);
        Assert.Equal(rho, pair.Rho, 5e-5);
        Assert.Equal(sigma, pair.Sigma, 5e-4);
        // The table rounds C and D to 4–5 significant digits.
        Assert.Equal(1, pair.C / c, 5e-4);
        Assert.Equal(1, pair.D / d, 5e-4);
    }

    [Fact]
    public void SetSUsesTheHarmonicMeanHardnessEverywhere()
    {
        var model = TosiFumiModel.Flinak(TosiFumiSet.S);
        foreach (var pair in model.Pairs) Assert.Equal(0.31784, pair.Rho, 5e-6);
    }

    [Theory]
    [InlineData(Ion.Li)]
    [InlineData(Ion.Na)]
    [InlineData(Ion.K)]
    public void CoreRemovesTheShortRangeCollapse(Ion cation)
    {
        // flinak-teacher §5: without the core the cation–F dimer energy (with Coulomb) falls to −∞ as r → 0.
        double Dimer(TosiFumiModel m, double r) => m.Pair(cation, Ion.F).Evaluate(r, out _) - 14.3996454784 / r;
        var bare = TosiFumiModel.Flinak(core: false);
        var safe = TosiFumiModel.Flinak(core: true);
        Assert.True(Dimer(bare, 0.4) < -100, "the bare Tosi–Fumi dimer should collapse at 0.4 Å");
        Assert.True(Dimer(safe, 0.4) > 1000, "the core should make 0.4 Å strongly repulsive");
        // At melt contact distances the core changes the pair energy by ≤ 0.015 eV (§5 table).
        Assert.InRange(safe.Pair(cation, Ion.F).Evaluate(1.7, out _) - bare.Pair(cation, Ion.F).Evaluate(1.7, out _), 0, 0.016);
    }

    [Fact]
    public void PairDerivativeMatchesFiniteDifference()
    {
        foreach (var pair in TosiFumiModel.Flinak().Pairs)
            foreach (double r in new[] { 1.3, 2.0, 3.1, 6.0 })
            {
                pair.Evaluate(r, out double analytic);
                double fd = (pair.Evaluate(r + 1e-6, out _) - pair.Evaluate(r - 1e-6, out _)) / 2e-6;
                Assert.Equal(fd, analytic, 1e-6 * Math.Max(1, Math.Abs(fd)));
            }
    }
}
