using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Generation;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Tests.Simulation;

/// <summary>Eutectic compositions, the starting lattice, and the dataset generator's determinism and labels.</summary>
public class FlinakGenerationTests
{
    [Theory]
    [InlineData(400, 93, 23, 84, 200)]
    [InlineData(100, 23, 6, 21, 50)]
    [InlineData(40, 9, 2, 9, 20)]
    public void EutecticCounts(int atoms, int li, int na, int k, int f) =>
        Assert.Equal([li, na, k, f], FlinakComposition.Counts(atoms));

    [Theory]
    [InlineData(7)]
    [InlineData(101)]
    public void OddOrTinyCellsAreRejected(int atoms) =>
        Assert.Contains("even number of ions", Assert.Throws<ArgumentException>(() => FlinakComposition.Counts(atoms)).Message);

    [Fact]
    public void StartingLatticeHasTheRequestedDensityAndNoClosePairs()
    {
        var cfg = FlinakComposition.Lattice(100, 1.8, new SimulationRandom(3));
        double density = FlinakComposition.Mass(cfg) / cfg.Cell.Volume * SimulationUnits.GramPerCubicCentimetrePerAmuPerCubicAngstrom;
        Assert.Equal(1.8, density, 1e-12);
        var nl = NeighborList.Build(cfg, 1.9);
        Assert.Equal(0, nl.PairCount);
        Assert.Equal(50, cfg.Types.Count(t => t == (int)Ion.F));
    }

    private static (FlinakDatasetGenerator, RigidIonTeacher) Tiny(ulong seed)
    {
        var teacher = new RigidIonTeacher(TosiFumiModel.Flinak(), new RigidIonSettings { Cutoff = 6, Electrostatics = Electrostatics.DampedShiftedForce });
        var options = new FlinakDatasetOptions
        {
            Atoms = 40, TemperaturesK = [900, 1200], DensitiesGCm3 = [1.7], Frames = 3, Seed = seed,
            MeltPs = 0.05, EquilibratePs = 0.05, IntervalFs = 10,
        };
        return (new FlinakDatasetGenerator(teacher, options), teacher);
    }

    [Fact]
    public void GeneratorIsDeterministicPerSeedAndLabelsAreTheTeachers()
    {
        var (generator, teacher) = Tiny(5);
        var first = generator.Generate().ToList();
        var again = Tiny(5).Item1.Generate().ToList();
        var other = Tiny(6).Item1.Generate().ToList();
        Assert.Equal(3, first.Count);
        Assert.Equal(["900", "900", "1200"], first.Select(c => c.GetFeature("temperature_k")));
        for (int k = 0; k < first.Count; k++)
        {
            Assert.Equal(first[k].Positions, again[k].Positions);
            Assert.Equal(first[k].Energy, again[k].Energy);
        }
        Assert.NotEqual(first[0].Positions, other[0].Positions);
        foreach (var frame in first)
        {
            // The stored labels are the teacher's own energy, forces and virial of the stored (wrapped) frame.
            var fresh = teacher.Compute(frame);
            Assert.Equal(fresh.Energy, frame.Energy!.Value, 1e-8);
            for (int c = 0; c < 3 * frame.AtomCount; c++) Assert.Equal(fresh.Forces[c], frame.Forces![c], 1e-8);
            var w = fresh.VirialMlipOrder();
            for (int c = 0; c < 6; c++) Assert.Equal(w[c], frame.Virial![c], 1e-7);
        }
    }
}
