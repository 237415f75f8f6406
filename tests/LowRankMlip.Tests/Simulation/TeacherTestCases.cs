using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Tests.Simulation;

/// <summary>Seeded FLiNaK-like test cells (neutral, types 0 Li, 1 Na, 2 K, 3 F) for the teacher tests.</summary>
internal static class TeacherTestCases
{
    /// <summary>A random triclinic cell of 2·<paramref name="pairs"/> ions (cations Li/Na/K in turn, then F).</summary>
    public static Configuration RandomMelt(int seed, int pairs, double edge, double minDistance = 1.9)
    {
        var cfg = RandomStructures.Triclinic(seed, 2 * pairs, 1, edge, minDistance);
        for (int i = 0; i < cfg.AtomCount; i++) cfg.Types[i] = i < pairs ? i % 3 : (int)Ion.F;
        return cfg;
    }

    /// <summary>Energy of <paramref name="cfg"/> under the homogeneous strain δ·e_a e_bᵀ (cell and positions).</summary>
    public static double StrainedEnergy(RigidIonTeacher teacher, Configuration cfg, int a, int b, double delta)
    {
        var strain = new double[9];
        strain[3 * a + b] = delta;
        var positions = new double[cfg.Positions.Length];
        for (int i = 0; i < cfg.AtomCount; i++)
            for (int c = 0; c < 3; c++)
                positions[3 * i + c] = cfg.Positions[3 * i + c] + (c == a ? delta * cfg.Positions[3 * i + b] : 0);
        return teacher.Compute(new Configuration(cfg.Cell.Deformed(strain), cfg.Types, positions)).Energy;
    }
}
