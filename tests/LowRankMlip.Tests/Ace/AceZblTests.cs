using LowRankMlip.Ace;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// The "zbl" inner cutoff (ace-spec §3): .yace round trip, the ZBL pair energy at short distance, plain ACE
/// at normal distances, the blend in between. Forces and virial are checked by finite differences in
/// <see cref="AceFiniteDifferenceTests"/> (case "Zbl").
/// </summary>
public class AceZblTests
{
    private const double Coulomb = 14.399645351950543; // e²/(4πε₀), eV·Å
    private const int ZAl = 13, ZNi = 28;

    private static readonly AcePotential ZblAlNi = AceVariants.Zbl(AcePotentials.AlNi);

    /// <summary>The same ACE part without any repulsion: density mode, prehc = 0 (f_cut(0) = 1).</summary>
    private static readonly AcePotential PlainAlNi = AceVariants.WithBonds(AcePotentials.AlNi, b => b with { Prehc = 0 });

    [Fact]
    public void ZblPotentialRoundTripsThroughYace()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-zbl").FullName;
        try
        {
            string path = Path.Combine(dir, "zbl.yace");
            YaceFile.Write(path, ZblAlNi);
            Assert.Contains("inner_cutoff_type: zbl", File.ReadAllText(path));
            var back = YaceFile.Read(path);
            YaceFileTests.AssertSame(ZblAlNi, back);
            var cfg = AceVariants.Structure("Zbl", 81);
            Assert.Equal(new AceEvaluator(ZblAlNi).Evaluate(cfg).Energy, new AceEvaluator(back).Evaluate(cfg).Energy);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void ShortDistanceDimerIsTheZblPairEnergy(KernelPath path)
    {
        // Below r_in − Δ_in = 2.1 Å only ZBL acts; its shift is a constant there (the window is [r_c − δ, r_c]),
        // so energy differences and forces are those of the universal screened Coulomb potential.
        var ev = new AceEvaluator(ZblAlNi, path);
        const double reference = 1.8;
        double e0 = Dimer(ev, reference).Energy;
        foreach (double r in new[] { 0.5, 0.9, 1.3, 2.0 })
        {
            var result = Dimer(ev, r);
            double expected = Universal(r) - Universal(reference);
            Assert.True(Math.Abs(result.Energy - e0 - expected) <= 1e-10 * Math.Abs(Universal(r)), $"r = {r}: ΔE {result.Energy - e0:R}, ZBL {expected:R}");
            // Atom 1 sits at +r along z: F_1 = −dE/dr.
            double force = -UniversalDerivative(r);
            Assert.True(Math.Abs(result.Forces[5] - force) <= 1e-9 * Math.Abs(force), $"r = {r}: F {result.Forces[5]:R}, ZBL {force:R}");
        }
    }

    [Fact]
    public void NormalDistancesArePlainAce()
    {
        // fcc Al-Ni with a = 4.05 Å: nearest neighbours at 2.86 Å > r_in = 2.6 Å, so f = 1 on every atom.
        var cfg = AceGoldenTests.AlNiCell();
        var zbl = new AceEvaluator(ZblAlNi).Evaluate(cfg);
        var plain = new AceEvaluator(PlainAlNi).Evaluate(cfg);
        Assert.Equal(plain.Energy, zbl.Energy, 1e-12 * Math.Abs(plain.Energy));
        for (int k = 0; k < 9; k++) Assert.Equal(plain.VirialMatrix[k], zbl.VirialMatrix[k], 1e-10 * Math.Max(1, Math.Abs(plain.VirialMatrix[k])));
        // ...and ZBL does contribute once a neighbour comes inside r_in.
        var close = AceGoldenTests.AlNiCell([0, 0, 0, 0, 1.6, 1.6, 2.025, 0, 2.025, 2.025, 2.025, 0]);
        Assert.True(Math.Abs(new AceEvaluator(ZblAlNi).Evaluate(close).Energy - new AceEvaluator(PlainAlNi).Evaluate(close).Energy) > 1e-3);
    }

    [Fact]
    public void MidSwitchDimerBlendsAceAndZblEqually()
    {
        // r = r_in − Δ_in/2: P = ½, so each site energy is ½·E_ACE + ½·φ_ZBL.
        const double r = 2.35;
        double ace = Dimer(new AceEvaluator(PlainAlNi), r).Energy;
        var bond = ZblAlNi.Bonds[0, 1];
        AceZbl.Pair(bond, ZAl, ZNi, r, out double phiAlNi, out _);
        AceZbl.Pair(ZblAlNi.Bonds[1, 0], ZNi, ZAl, r, out double phiNiAl, out _);
        double blended = 0.5 * ace + 0.5 * (phiAlNi + phiNiAl);
        Assert.Equal(blended, Dimer(new AceEvaluator(ZblAlNi), r).Energy, 1e-12 * Math.Abs(blended));
    }

    /// <summary>The shifted pair term vanishes with its derivative at r_c (no force jump at the cutoff).</summary>
    [Fact]
    public void PairTermGoesSmoothlyToZeroAtTheCutoff()
    {
        var bond = ZblAlNi.Bonds[0, 1];
        AceZbl.Pair(bond, ZAl, ZNi, bond.Rcut - 1e-9, out double phi, out double dphi);
        Assert.True(Math.Abs(phi) < 1e-12 && Math.Abs(dphi) < 1e-6, $"φ {phi}, φ' {dphi}");
        AceZbl.Pair(bond, ZAl, ZNi, 1.0, out double inner, out _);
        Assert.True(inner > 10, $"φ(1 Å) = {inner}");
    }

    /// <summary>Al (type 0) at the origin and Ni (type 1) at (0, 0, r), far from periodic images.</summary>
    private static LowRankMlip.Mtp.EfsResult Dimer(AceEvaluator ev, double r) =>
        ev.Evaluate(new Configuration(Cell.Periodic([40, 0, 0, 0, 40, 0, 0, 0, 40]), [0, 1], [0, 0, 0, 0, 0, r]));

    private static readonly double[] C = [0.18175, 0.50986, 0.28022, 0.02817], D = [-3.19980, -0.94229, -0.40290, -0.20162];
    private static readonly double Screening = 0.46850 / (Math.Pow(ZAl, 0.23) + Math.Pow(ZNi, 0.23));

    /// <summary>K·Z_Al·Z_Ni·ϕ(r/a)/r with the universal screening ϕ(x) = Σ c_k e^{d_k x} (LAMMPS pair zbl).</summary>
    private static double Universal(double r) =>
        Coulomb * ZAl * ZNi * C.Select((c, k) => c * Math.Exp(D[k] * r / Screening)).Sum() / r;

    /// <summary>d/dr of <see cref="Universal"/>: K·Z·Z·(ϕ'(x)/(a r) − ϕ(x)/r²).</summary>
    private static double UniversalDerivative(double r) =>
        Coulomb * ZAl * ZNi * C.Select((c, k) => c * Math.Exp(D[k] * r / Screening) * (D[k] / (Screening * r) - 1 / (r * r))).Sum();
}
