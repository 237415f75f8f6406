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
}
