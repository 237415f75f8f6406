using System.Globalization;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Simulation.Generation;

/// <summary>
/// The synthetic FLiNaK dataset (issue 8 §3): for each temperature × density, a seeded eutectic cell is melted
/// (Langevin NVT at the melt temperature), brought to the target temperature, and sampled every interval; each
/// frame carries the teacher's energy, forces and virial (the MD's own evaluation, so labels and dynamics are the
/// same model) and features naming the teacher and the state point. Deterministic for a seed.
/// </summary>
public sealed class FlinakDatasetGenerator(RigidIonTeacher teacher, FlinakDatasetOptions options)
{
    public const string DatasetLabel = "synthetic rigid-ion teacher";

    /// <summary>Frames rejected by the minimum-distance check.</summary>
    public int Rejected { get; private set; }

    /// <summary>Generates the frames in state-point order, calling <paramref name="progress"/> once per state point.</summary>
    public IEnumerable<Configuration> Generate(Action<string>? progress = null)
    {
        options.Validate();
        var temperatures = options.TemperaturesK;
        var densities = options.DensitiesGCm3;
        int states = temperatures.Count * densities.Count;
        for (int state = 0; state < states; state++)
        {
            double temperature = temperatures[state / densities.Count];
            double density = densities[state % densities.Count];
            int frames = options.Frames / states + (state < options.Frames % states ? 1 : 0);
            // One independent stream per state point, so a state point does not depend on the ones before it.
            var random = new SimulationRandom(options.Seed * 1_000_003UL + (ulong)state);
            var cfg = FlinakComposition.Lattice(options.Atoms, density, random);
            var md = StartMelt(cfg, random, temperature);
            progress?.Invoke($"state {state + 1}/{states}: {temperature:F0} K, {density:F3} g/cm³, {frames} frames");
            int interval = Math.Max(1, (int)Math.Round(options.IntervalFs / options.TimestepFs));
            int produced = 0, attempts = 0;
            while (produced < frames)
            {
                if (++attempts > 10 * frames) throw new InvalidOperationException($"{temperature} K, {density} g/cm³: too many frames rejected by the {options.MinimumPairDistance} Å distance check");
                md.Run(interval);
                var frame = Label(md, temperature, density);
                if (frame is null) { Rejected++; continue; }
                produced++;
                yield return frame;
            }
        }
    }

    private MolecularDynamics StartMelt(Configuration cfg, SimulationRandom random, double temperature)
    {
        var state = new MdState(cfg, new double[3 * cfg.AtomCount], FlinakComposition.Masses(cfg), random, new MdSettings().ChainLength);
        Melting.Melt(teacher, state, Math.Max(options.MeltTemperatureK, temperature), options.MeltPs, temperature, options.TimestepFs);
        // Langevin with τ = 100 fs (flinak-teacher §9: τ_T = 0.1 ps) at the target temperature.
        var hold = new MolecularDynamics(teacher, state, new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = temperature, ThermostatTauFs = 100, TimestepFs = options.TimestepFs });
        hold.Run(Steps(options.EquilibratePs));
        return hold;
    }

    private long Steps(double ps) => (long)Math.Round(ps * 1000 / options.TimestepFs);

    private Configuration? Label(MolecularDynamics md, double temperature, double density)
    {
        var source = md.State.Configuration;
        if (MinimumDistance(md) < options.MinimumPairDistance) return null;
        var cfg = new Configuration(Cell.Periodic(source.Cell.Vectors), (int[])source.Types.Clone(), LatticeMath.WrappedPositions(source))
        {
            Energy = md.Forces.Energy,
            Forces = md.Forces.ForcesCopy(),
            Virial = md.Forces.VirialMlipOrder(),
        };
        cfg.SetFeature("EFS_by", "rigid-ion-teacher");
        cfg.SetFeature("teacher", teacher.Tag);
        cfg.SetFeature("temperature_k", temperature.ToString("F0", CultureInfo.InvariantCulture));
        cfg.SetFeature("density_g_cm3", density.ToString("F4", CultureInfo.InvariantCulture));
        cfg.SetFeature("step", md.State.Step.ToString(CultureInfo.InvariantCulture));
        return cfg;
    }

    /// <summary>Shortest pair distance in the teacher's current neighbour list.</summary>
    private static double MinimumDistance(MolecularDynamics md)
    {
        var nl = NeighborList.Build(md.State.Configuration, 2.0);
        double min2 = double.MaxValue;
        for (int e = 0; e < nl.PairCount; e++)
        {
            double x = nl.Vectors[3 * e], y = nl.Vectors[3 * e + 1], z = nl.Vectors[3 * e + 2];
            min2 = Math.Min(min2, x * x + y * y + z * z);
        }
        return Math.Sqrt(min2);
    }
}
