using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Dynamics;

namespace LowRankMlip.Ace;

/// <summary>
/// Reference frames from short seeded Langevin NVT MD with the potential itself (issue 7: thermal configurations beyond
/// the perturbed lattice): for each temperature T_t, a lattice cell of <see cref="AceReferenceSampler"/> (seed + t, no
/// rattle) gets Maxwell–Boltzmann velocities at T_t and runs <c>ps</c> picoseconds of BAOAB Langevin dynamics (1 fs,
/// τ_T = 100 fs); <c>frames</c> evenly spaced snapshots (the last at the end of the run) are labelled with a fresh
/// evaluation of the potential (energy, forces, virial). Deterministic for a seed.
/// </summary>
public static class AceMdSampler
{
    public sealed record Settings(AceLattice Lattice, double LatticeConstant, double[] Temperatures, double Picoseconds, int Frames, double[] Masses, int Seed)
    {
        public double TimestepFs { get; init; } = 1.0;
        public double ThermostatTauFs { get; init; } = 100;
    }

    public static List<Configuration> Sample(AcePotential potential, Settings s)
    {
        if (s.Masses.Length != potential.SpeciesCount)
            throw new ArgumentException($"{s.Masses.Length} masses given; the potential has {potential.SpeciesCount} species ({string.Join(", ", potential.Elements)})");
        if (s.Frames < 1) throw new ArgumentException($"the number of frames per temperature must be at least 1, got {s.Frames}");
        long steps = (long)Math.Round(s.Picoseconds * 1000 / s.TimestepFs);
        if (steps < s.Frames) throw new ArgumentException($"{s.Picoseconds} ps is {steps} steps of {s.TimestepFs} fs: fewer than the {s.Frames} frames asked for");
        var labeller = new AceEvaluator(potential);
        var frames = new List<Configuration>();
        for (int t = 0; t < s.Temperatures.Length; t++)
        {
            double temperature = s.Temperatures[t];
            if (!(temperature > 0)) throw new ArgumentException($"MD temperatures must be positive, got {temperature} K");
            var start = AceReferenceSampler.Sample(s.Lattice, s.LatticeConstant, potential.SpeciesCount, 1, s.Seed + t, rattle: 0)[0];
            var masses = start.Types.Select(type => s.Masses[type]).ToArray();
            var random = new SimulationRandom((ulong)(s.Seed + t));
            var settings = new MdSettings
            {
                TimestepFs = s.TimestepFs, TemperatureK = temperature, Thermostat = ThermostatKind.Langevin, ThermostatTauFs = s.ThermostatTauFs,
                Seed = (ulong)(s.Seed + t),
            };
            var state = new MdState(start, new double[3 * start.AtomCount], masses, random, settings.ChainLength);
            state.AssignVelocities(temperature);
            var md = new MolecularDynamics(new AceForceProvider(potential, string.Join("-", potential.Elements)), state, settings);
            long interval = steps / s.Frames;
            for (int f = 1; f <= s.Frames; f++)
            {
                md.Run(f == s.Frames ? steps - (s.Frames - 1) * interval : interval);
                frames.Add(Labelled(state.Configuration, labeller, temperature));
            }
        }
        return frames;
    }

    /// <summary>A copy of the frame with the potential's energy, forces and virial.</summary>
    private static Configuration Labelled(Configuration frame, AceEvaluator evaluator, double temperature)
    {
        var copy = new Configuration(Cell.Periodic(frame.Cell.Vectors), (int[])frame.Types.Clone(), (double[])frame.Positions.Clone());
        var r = evaluator.Evaluate(copy);
        copy.Energy = r.Energy;
        copy.Forces = r.ForcesCopy();
        copy.Virial = r.VirialMlipOrder();
        copy.SetFeature("md_temperature_K", temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return copy;
    }
}
