using System.Text.Json;
using LowRankMlip.Ace;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// Golden values of ace-spec §11 / reference-data/ace/README.md: python-ace's Al-Ni test (energy,
/// site energies, stress) and the derived displaced-cell reference (energy, forces).
/// </summary>
public class AceGoldenTests
{
    private const double A = 4.05;

    /// <summary>ASE bulk("Al", "fcc", a=4.05, cubic=True) with atom 0 changed to Ni (species: Al = 0, Ni = 1).</summary>
    internal static Configuration AlNiCell(double[]? positions = null) =>
        new(Cell.Periodic([A, 0, 0, 0, A, 0, 0, 0, A]), [1, 0, 0, 0],
            positions ?? [0, 0, 0, 0, A / 2, A / 2, A / 2, 0, A / 2, A / 2, A / 2, 0]);

    [Fact]
    public void AlNiMatchesPythonAceEnergiesAndStress()
    {
        var cfg = AlNiCell();
        var r = new AceEvaluator(AcePotentials.AlNi).Evaluate(cfg);
        Assert.Equal(306.0646090745618, r.Energy, 1e-10 * 306.0646090745618);
        double[] site = [341.38851822, -11.77463638, -11.77463638, -11.77463638];
        for (int i = 0; i < 4; i++) Assert.Equal(site[i], r.SiteEnergies[i], 1e-8);
        // Forces vanish by symmetry.
        Assert.All(r.ForcesCopy(), f => Assert.True(Math.Abs(f) < 1e-10, $"force {f}"));
        // ASE stress σ = (1/V) Σ r ⊗ ∂E/∂r = −W/V (eV/Å³).
        double volume = A * A * A;
        double[] sigma = [.. r.VirialMatrix.Select(w => -w / volume)];
        for (int d = 0; d < 3; d++) Assert.Equal(-4.82378191, sigma[4 * d], 1e-8);
        foreach (int off in new[] { 1, 2, 3, 5, 6, 7 }) Assert.True(Math.Abs(sigma[off]) < 1e-10, $"σ[{off}] = {sigma[off]}");
    }

    [Fact]
    public void AlNiDisplacedMatchesDerivedReference()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestData.Path("ace", "AlNi_displaced_reference_derived.json")));
        var root = json.RootElement;
        var positions = root.GetProperty("positions_A").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(x => x.GetDouble())).ToArray();
        var r = new AceEvaluator(AcePotentials.AlNi).Evaluate(AlNiCell(positions));
        Assert.Equal(root.GetProperty("total_energy_eV").GetDouble(), r.Energy, 1e-8);
        var site = root.GetProperty("per_atom_energy_eV").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(site[i], r.SiteEnergies[i], 1e-8);
        var forces = root.GetProperty("forces_eV_per_A_central_FD_h1e-5").EnumerateArray().SelectMany(p => p.EnumerateArray().Select(x => x.GetDouble())).ToArray();
        for (int k = 0; k < 12; k++) Assert.Equal(forces[k], r.Forces[k], 2e-5);
    }
}
