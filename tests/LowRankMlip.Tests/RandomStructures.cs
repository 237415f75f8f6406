namespace LowRankMlip.Tests;

/// <summary>Seeded random test structures: triclinic multi-species cells with a minimum pair distance.</summary>
public static class RandomStructures
{
    /// <summary>
    /// A cell with lattice vectors a·(I + shear) (shear entries in ±0.25), <paramref name="atoms"/> atoms of
    /// types 0..species−1 placed at random with no pair (including periodic images) closer than <paramref name="minDistance"/>.
    /// </summary>
    public static Configuration Triclinic(int seed, int atoms, int species, double edge = 6.0, double minDistance = 1.9, int periodicRows = 3)
    {
        var rng = new Random(seed);
        var lattice = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                lattice[3 * r + c] = (r == c ? edge : 0) + edge * 0.25 * (2 * rng.NextDouble() - 1) * (r == c ? 0.3 : 1);
        var cell = new Cell(lattice.AsSpan(0, 3 * periodicRows), periodicRows);
        var positions = new List<double>();
        var types = new int[atoms];
        var probe = new Configuration(cell, [], []);
        for (int i = 0; i < atoms; i++)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (attempt > 10000) throw new InvalidOperationException("could not place atoms; lower the density");
                Span<double> f = [rng.NextDouble(), rng.NextDouble(), rng.NextDouble()];
                var p = new double[3];
                for (int c = 0; c < 3; c++) p[c] = f[0] * lattice[c] + f[1] * lattice[3 + c] + f[2] * lattice[6 + c];
                var trial = new Configuration(cell, new int[i + 1], [.. positions, .. p]);
                var nl = NeighborList.BuildBruteForce(trial, minDistance);
                if (nl.CountOf(i) == 0 && Enumerable.Range(0, i).All(k => !HasNeighbour(nl, k, i)))
                {
                    positions.AddRange(p);
                    break;
                }
            }
            types[i] = i % species;
        }
        _ = probe;
        return new Configuration(cell, types, positions.ToArray());
    }

    private static bool HasNeighbour(NeighborList nl, int atom, int other)
    {
        for (int e = nl.Offsets[atom]; e < nl.Offsets[atom + 1]; e++) if (nl.Indices[e] == other) return true;
        return false;
    }

    /// <summary>Copy with every position displaced by up to ±<paramref name="amplitude"/> Å per component.</summary>
    public static Configuration Rattled(Configuration c, int seed, double amplitude)
    {
        var rng = new Random(seed);
        var p = c.Positions.Select(x => x + amplitude * (2 * rng.NextDouble() - 1)).ToArray();
        return new Configuration(c.Cell, (int[])c.Types.Clone(), p);
    }
}
