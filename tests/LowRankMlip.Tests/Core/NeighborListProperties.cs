using FsCheck.Xunit;

namespace LowRankMlip.Tests.Core;

/// <summary>
/// Neighbour lists against an independent brute-force enumeration over a generous fixed range of
/// lattice translations (mtp-spec §2.2: every image within the strict cutoff, self-images, no
/// minimum image), for triclinic cells with 0–3 periodic directions, and the cell list against it.
/// </summary>
public class NeighborListProperties
{
    /// <summary>Sorted (i, j, rounded r_ij) triples of a list.</summary>
    private static List<(int i, int j, long x, long y, long z)> Pairs(NeighborList nl)
    {
        var list = new List<(int, int, long, long, long)>();
        for (int i = 0; i < nl.AtomCount; i++)
            for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
                list.Add((i, nl.Indices[e], (long)Math.Round(nl.Vectors[3 * e] * 1e6), (long)Math.Round(nl.Vectors[3 * e + 1] * 1e6), (long)Math.Round(nl.Vectors[3 * e + 2] * 1e6)));
        list.Sort();
        return list;
    }

    private static List<(int i, int j, long x, long y, long z)> Enumerate(Configuration cfg, double cutoff, int range)
    {
        var list = new List<(int, int, long, long, long)>();
        var L = cfg.Cell.Vectors;
        int[] r = [cfg.Cell.IsPeriodic(0) ? range : 0, cfg.Cell.IsPeriodic(1) ? range : 0, cfg.Cell.IsPeriodic(2) ? range : 0];
        for (int i = 0; i < cfg.AtomCount; i++)
            for (int j = 0; j < cfg.AtomCount; j++)
                for (int a = -r[0]; a <= r[0]; a++)
                    for (int b = -r[1]; b <= r[1]; b++)
                        for (int c = -r[2]; c <= r[2]; c++)
                        {
                            if (i == j && a == 0 && b == 0 && c == 0) continue;
                            double x = cfg.Positions[3 * j] - cfg.Positions[3 * i] + a * L[0] + b * L[3] + c * L[6];
                            double y = cfg.Positions[3 * j + 1] - cfg.Positions[3 * i + 1] + a * L[1] + b * L[4] + c * L[7];
                            double z = cfg.Positions[3 * j + 2] - cfg.Positions[3 * i + 2] + a * L[2] + b * L[5] + c * L[8];
                            if (x * x + y * y + z * z < cutoff * cutoff)
                                list.Add((i, j, (long)Math.Round(x * 1e6), (long)Math.Round(y * 1e6), (long)Math.Round(z * 1e6)));
                        }
        list.Sort();
        return list;
    }

    [Property(MaxTest = 40)]
    public bool BruteForceMatchesEnumeration(int seed)
    {
        var rng = new Random(seed);
        int periodic = rng.Next(4);
        var cfg = RandomStructures.Triclinic(seed, 1 + rng.Next(6), 2, edge: 2.5 + 3 * rng.NextDouble(), minDistance: 0.8, periodicRows: periodic);
        // Positions outside the cell must not matter.
        var shifted = RandomStructures.Rattled(cfg, seed, 4.0);
        double cutoff = 3 + 3 * rng.NextDouble();
        return Pairs(NeighborList.BuildBruteForce(shifted, cutoff)).SequenceEqual(Enumerate(shifted, cutoff, 6));
    }

    [Property(MaxTest = 25)]
    public bool CellListMatchesBruteForce(int seed)
    {
        var rng = new Random(seed);
        int periodic = rng.Next(4);
        var cfg = RandomStructures.Triclinic(seed, 20 + rng.Next(60), 2, edge: 9 + 4 * rng.NextDouble(), minDistance: 1.0, periodicRows: periodic);
        var shifted = RandomStructures.Rattled(cfg, seed + 1, 3.0);
        double cutoff = 2.5 + 3 * rng.NextDouble();
        return Pairs(NeighborList.BuildWithCellList(shifted, cutoff)).SequenceEqual(Pairs(NeighborList.BuildBruteForce(shifted, cutoff)));
    }

    [Fact]
    public void SmallCellHasSelfImagesAndSeveralImagesOfOneAtom()
    {
        // One atom in a 2 Å cubic cell, cutoff 2.5: the 6 face images at 2 Å and 12 edge images at 2.83 Å → only the 6.
        var cfg = new Configuration(Cell.Periodic([2, 0, 0, 0, 2, 0, 0, 0, 2]), [0], [0.3, 0.1, 0.2]);
        var nl = NeighborList.Build(cfg, 2.5);
        Assert.Equal(6, nl.CountOf(0));
        Assert.All(nl.Indices, j => Assert.Equal(0, j));
        // Strict cutoff: at exactly 2 Å the face images are excluded.
        Assert.Equal(0, NeighborList.Build(cfg, 2.0).CountOf(0));
    }

    [Fact]
    public void MoleculeHasNoImages()
    {
        var cfg = new Configuration(Cell.None, [0, 0, 0], [0, 0, 0, 1, 0, 0, 5, 0, 0]);
        var nl = NeighborList.Build(cfg, 4.5);
        // Pairs 0–1 (1 Å) and 1–2 (4 Å); 0–2 (5 Å) is beyond the cutoff.
        Assert.Equal([1, 2, 1], Enumerable.Range(0, 3).Select(nl.CountOf).ToArray());
    }
}
