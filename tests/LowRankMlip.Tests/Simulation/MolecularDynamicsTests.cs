using LowRankMlip.Mtp;
using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Teacher;
using Xunit.Abstractions;

namespace LowRankMlip.Tests.Simulation;

/// <summary>
/// Velocity Verlet, thermostats, barostat and restarts: NVE drift with the teacher and with an MTP, equipartition
/// under both thermostats, the virial-route pressure against −∂E/∂V, the barostat's mean pressure, the Verlet
/// list against a fresh neighbour list, and bit-for-bit restarts from a checkpoint.
/// </summary>
public class MolecularDynamicsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Electrostatics.Ewald)]
    [InlineData(Electrostatics.DampedShiftedForce)]
    public void NveConservesEnergyWithTheTeacher(Electrostatics electrostatics)
    {
        var md = new MolecularDynamics(MdTestSystems.Teacher(electrostatics), MdTestSystems.NaF(600, 11), new MdSettings { Thermostat = ThermostatKind.None });
        double drift = MdTestSystems.MaxConservedDeviationPerAtom(md, 400);
        output.WriteLine($"teacher ({electrostatics}) NaF 64 ions, 600 K, 1 fs, 400 steps: max |ΔE|/N = {drift:E2} eV/atom");
        // Velocity-Verlet fluctuation at 1 fs (Li-free NaF; it scales with dt²), not a systematic drift.
        Assert.True(drift < 1e-4, $"energy drift {drift} eV/atom");
    }

    [Fact]
    public void NveConservesEnergyWithAnMtp()
    {
        var md = new MolecularDynamics(MdTestSystems.Molybdenum(), MdTestSystems.Bcc(600, 12), new MdSettings { Thermostat = ThermostatKind.None });
        double drift = MdTestSystems.MaxConservedDeviationPerAtom(md, 300);
        output.WriteLine($"MTP (mlearn Mo) bcc 54 atoms, 600 K, 1 fs, 300 steps: max |ΔE|/N = {drift:E2} eV/atom");
        Assert.True(drift < 5e-5, $"energy drift {drift} eV/atom");
        Assert.InRange(md.State.Temperature(), 150, 600); // kinetic energy flowed into the lattice: real dynamics
    }

    [Fact]
    public void NoseHooverChainConservesItsExtendedEnergy()
    {
        // Started at 600 K with a 900 K target: the chain works hard (heats the crystal) and must still conserve H_NHC.
        var md = new MolecularDynamics(MdTestSystems.Teacher(), MdTestSystems.NaF(600, 13),
            new MdSettings { Thermostat = ThermostatKind.NoseHooverChain, TemperatureK = 900, ThermostatTauFs = 50 });
        double drift = MdTestSystems.MaxConservedDeviationPerAtom(md, 400);
        output.WriteLine($"NHC: max |ΔH_NHC|/N = {drift:E2} eV/atom, chain energy {md.ChainEnergy():F4} eV");
        Assert.True(drift < 5e-5, $"extended-energy drift {drift} eV/atom");
        Assert.True(Math.Abs(md.ChainEnergy()) > 100 * drift * md.State.Configuration.AtomCount, "the chain should have exchanged energy with the crystal");
    }

    [Theory]
    [InlineData(ThermostatKind.Langevin)]
    [InlineData(ThermostatKind.NoseHooverChain)]
    public void ThermostatGivesEquipartitionPerSpecies(ThermostatKind thermostat)
    {
        const double target = 900;
        var md = new MolecularDynamics(MdTestSystems.Teacher(Electrostatics.DampedShiftedForce), MdTestSystems.NaF(target, 14),
            new MdSettings { Thermostat = thermostat, TemperatureK = target, ThermostatTauFs = 40 });
        md.Run(300);
        var state = md.State;
        var sums = new double[4];
        var counts = new int[4];
        int samples = 0;
        md.Run(3000, m =>
        {
            samples++;
            for (int i = 0; i < state.Masses.Length; i++)
            {
                double vx = state.Velocities[3 * i], vy = state.Velocities[3 * i + 1], vz = state.Velocities[3 * i + 2];
                sums[state.Configuration.Types[i]] += 0.5 * state.Masses[i] * (vx * vx + vy * vy + vz * vz) * SimulationUnits.EvPerAmuAngstromSquaredPerFsSquared;
            }
        });
        foreach (var ion in new[] { Ion.Na, Ion.F })
        {
            int atoms = state.Configuration.Types.Count(t => t == (int)ion);
            // ⟨½ m v²⟩ = (3/2) kT per atom (with 3N − 3 degrees of freedom under NHC: × (3N − 3)/3N).
            double dof = thermostat == ThermostatKind.Langevin ? 1 : (3.0 * state.Masses.Length - 3) / (3.0 * state.Masses.Length);
            double temperature = sums[(int)ion] / (samples * atoms) / (1.5 * SimulationUnits.BoltzmannEvPerK * dof);
            output.WriteLine($"{thermostat}: ⟨T⟩({ion}) = {temperature:F1} K (target {target})");
            Assert.InRange(temperature, 0.95 * target, 1.05 * target);
        }
    }

    [Fact]
    public void VirialPressureIsMinusTheVolumeDerivativeOfTheEnergy()
    {
        var state = MdTestSystems.NaF(0, 15);
        var teacher = MdTestSystems.Teacher();
        var md = new MolecularDynamics(teacher, state, new MdSettings { Thermostat = ThermostatKind.None });
        double Energy(double scale)
        {
            var cfg = state.Configuration;
            var strained = new Configuration(cfg.Cell.Deformed([scale - 1, 0, 0, 0, scale - 1, 0, 0, 0, scale - 1]), cfg.Types, cfg.Positions.Select(x => x * scale).ToArray());
            return teacher.Compute(strained).Energy;
        }
        const double h = 1e-5;
        double volume = state.Configuration.Cell.Volume;
        // dV = 3V dλ at λ = 1, so −∂E/∂V = −(E(1+h) − E(1−h)) / (2h · 3V).
        double thermodynamic = -(Energy(1 + h) - Energy(1 - h)) / (2 * h * 3 * volume);
        Assert.Equal(thermodynamic, md.Pressure(), 1e-7);
        // With velocities the kinetic term 2K/(3V) = N_f kT/(3V) adds exactly.
        state.AssignVelocities(500);
        Assert.Equal(thermodynamic + 2 * state.KineticEnergy() / (3 * volume), md.Pressure(), 1e-9);
    }

    [Fact]
    public void BarostatHoldsTheTargetPressureOnAverage()
    {
        var md = new MolecularDynamics(MdTestSystems.Teacher(Electrostatics.DampedShiftedForce), MdTestSystems.NaF(700, 16),
            new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = 700, ThermostatTauFs = 50, Barostat = true, PressureBar = 5000, BarostatTauFs = 200, CompressibilityPerBar = 2e-6, BarostatInterval = 5 });
        double volumeStart = md.State.Configuration.Cell.Volume;
        md.Run(1000);
        double sum = 0;
        int samples = 0;
        md.Run(4000, m => { sum += m.Pressure() * SimulationUnits.BarPerEvPerCubicAngstrom; samples++; });
        double mean = sum / samples;
        output.WriteLine($"C-rescale, target 5000 bar: mean virial pressure {mean:F0} bar, volume {volumeStart:F1} → {md.State.Configuration.Cell.Volume:F1} Å³");
        Assert.InRange(mean, 5000 - 1500, 5000 + 1500);
        Assert.NotEqual(volumeStart, md.State.Configuration.Cell.Volume);
    }

    [Fact]
    public void AnExplodingCellIsReportedAsInstability()
    {
        // A tension of 10⁸ bar asks the barostat for a volume jump no liquid makes: the run must stop, not drift on.
        var md = new MolecularDynamics(MdTestSystems.Teacher(Electrostatics.DampedShiftedForce), MdTestSystems.NaF(700, 23),
            new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = 700, Barostat = true, PressureBar = -1e8, BarostatInterval = 2 });
        var e = Assert.Throws<SimulationInstabilityException>(() => md.Run(10));
        Assert.Contains("unstable", e.Message);
    }

    [Fact]
    public void VerletListMatchesAFreshNeighbourList()
    {
        var teacher = MdTestSystems.Teacher();
        var md = new MolecularDynamics(teacher, MdTestSystems.NaF(1500, 17),
            new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = 1500, Barostat = true, BarostatInterval = 3, SkinAngstrom = 0.5 });
        md.Run(200);
        Assert.True(md.NeighbourRebuilds > 1, "the skin should have been exceeded at 1500 K");
        var fresh = teacher.Compute(md.State.Configuration);
        Assert.Equal(fresh.Energy, md.PotentialEnergy, 1e-9);
        for (int k = 0; k < 3 * md.State.Configuration.AtomCount; k++) Assert.Equal(fresh.Forces[k], md.Forces.Forces[k], 1e-9);
    }

    [Fact]
    public void MtpProviderMatchesTheEvaluator()
    {
        var provider = MdTestSystems.Molybdenum();
        var state = MdTestSystems.Bcc(300, 18);
        var md = new MolecularDynamics(provider, state, new MdSettings { Thermostat = ThermostatKind.None, SkinAngstrom = 0.8 });
        md.Run(20);
        var direct = new MtpEvaluator(provider.Potential).Evaluate(state.Configuration);
        Assert.Equal(direct.Energy, md.PotentialEnergy, 1e-9);
        for (int k = 0; k < 9; k++) Assert.Equal(direct.VirialMatrix[k], md.Forces.VirialMatrix[k], 1e-8);
    }

    [Theory]
    [InlineData(ThermostatKind.Langevin)]
    [InlineData(ThermostatKind.NoseHooverChain)]
    public void RestartFromACheckpointContinuesBitForBit(ThermostatKind thermostat)
    {
        var settings = new MdSettings { Thermostat = thermostat, TemperatureK = 800, Barostat = true, BarostatInterval = 4 };
        var straight = new MolecularDynamics(MdTestSystems.Teacher(), MdTestSystems.NaF(800, 19), settings);
        straight.Run(30);

        var first = new MolecularDynamics(MdTestSystems.Teacher(), MdTestSystems.NaF(800, 19), settings);
        first.Run(14);
        string path = Path.Combine(Path.GetTempPath(), $"lrmlip-md-{Guid.NewGuid():N}.chk");
        try
        {
            MdCheckpoint.Write(path, first.State);
            var resumed = new MolecularDynamics(MdTestSystems.Teacher(), MdCheckpoint.Read(path), settings);
            resumed.Run(16);
            Assert.Equal(straight.State.Step, resumed.State.Step);
            Assert.Equal(straight.State.Configuration.Positions, resumed.State.Configuration.Positions);
            Assert.Equal(straight.State.Velocities, resumed.State.Velocities);
            Assert.Equal(straight.State.Configuration.Cell.Vectors, resumed.State.Configuration.Cell.Vectors);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SameSeedSameTrajectoryOtherSeedOtherTrajectory()
    {
        var settings = new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = 800 };
        double[] Run(ulong seed)
        {
            var md = new MolecularDynamics(MdTestSystems.Teacher(Electrostatics.DampedShiftedForce), MdTestSystems.NaF(800, seed), settings with { Seed = seed });
            md.Run(10);
            return md.State.Configuration.Positions;
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }
}
