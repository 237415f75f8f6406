using LowRankMlip.Mtp.Io;
using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Generation;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Tests.Simulation;

/// <summary>Small MD systems for the dynamics tests: an NaF crystal with the teacher and bcc Mo with the mlearn MTP.</summary>
internal static class MdTestSystems
{
    /// <summary>
    /// The teacher for the 64-ion NaF cell (edge 9.2 Å). The cutoff 7.1 Å lies between the crystal's neighbour
    /// shells at 6.90 and 7.27 Å: the short-range terms are truncated without shift (as in LAMMPS), so a shell
    /// sitting on the cutoff would make pairs cross it every step and show up as energy jumps.
    /// </summary>
    public static RigidIonTeacher Teacher(Electrostatics electrostatics = Electrostatics.Ewald) =>
        new(TosiFumiModel.Flinak(), new RigidIonSettings { Cutoff = 7.1, Electrostatics = electrostatics });

    public static MdState NaF(double temperature, ulong seed, int chainLength = 3)
    {
        var cfg = RockSalt.Cubic(Ion.Na, 2.30, 2);
        var masses = cfg.Types.Select(t => IonData.Mass[t]).ToArray();
        var state = new MdState(cfg, new double[3 * cfg.AtomCount], masses, new SimulationRandom(seed), chainLength);
        state.AssignVelocities(temperature);
        return state;
    }

    public static MtpForceProvider Molybdenum() =>
        MtpForceProvider.Load(TestData.Path("mlearn-zuo2020", "fitted-mtp", "Mo", "fitted.mtp"));

    /// <summary>bcc Mo, 3×3×3 conventional cells (54 atoms), a = 3.16 Å.</summary>
    public static MdState Bcc(double temperature, ulong seed)
    {
        const double a = 3.16;
        var positions = new List<double>();
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 3; y++)
                for (int z = 0; z < 3; z++)
                {
                    positions.AddRange([x * a, y * a, z * a]);
                    positions.AddRange([(x + 0.5) * a, (y + 0.5) * a, (z + 0.5) * a]);
                }
        var cfg = new Configuration(Cell.Periodic([3 * a, 0, 0, 0, 3 * a, 0, 0, 0, 3 * a]), new int[54], positions.ToArray());
        var state = new MdState(cfg, new double[162], Enumerable.Repeat(95.95, 54).ToArray(), new SimulationRandom(seed), 3);
        state.AssignVelocities(temperature);
        return state;
    }

    /// <summary>Largest |E(t) − E(0)| per atom of the conserved quantity over <paramref name="steps"/> steps.</summary>
    public static double MaxConservedDeviationPerAtom(MolecularDynamics md, int steps)
    {
        double start = md.Sample().ConservedEv, worst = 0;
        md.Run(steps, m => worst = Math.Max(worst, Math.Abs(m.Sample().ConservedEv - start)));
        return worst / md.State.Configuration.AtomCount;
    }
}
