using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>Configurations with their neighbour lists, built once for the potential's cutoff.</summary>
public sealed class TrainingSet
{
    public TrainingSet(IReadOnlyList<Configuration> configurations, double cutoff)
    {
        Configurations = configurations.Where(c => c.AtomCount > 0).ToArray(); // MLIP skips empty configurations
        Cutoff = cutoff;
        Neighbours = new NeighborList[Configurations.Count];
        Parallel.For(0, Configurations.Count, k => Neighbours[k] = NeighborList.Build(Configurations[k], cutoff));
        AtomCount = Configurations.Sum(c => (long)c.AtomCount);
        MaxAtoms = Configurations.Count == 0 ? 0 : Configurations.Max(c => c.AtomCount);
    }

    public IReadOnlyList<Configuration> Configurations { get; }
    public NeighborList[] Neighbours { get; }
    public double Cutoff { get; }
    public long AtomCount { get; }
    public int MaxAtoms { get; }
    public int Count => Configurations.Count;

    /// <summary>Smallest interatomic distance over all configurations (MLIP's mindist, mtp-spec §11.2).</summary>
    public double MinimumDistance()
    {
        double min = double.PositiveInfinity;
        foreach (var nl in Neighbours)
            for (int e = 0; e < nl.PairCount; e++)
            {
                double x = nl.Vectors[3 * e], y = nl.Vectors[3 * e + 1], z = nl.Vectors[3 * e + 2];
                min = Math.Min(min, Math.Sqrt(x * x + y * y + z * z));
            }
        return min;
    }
}
