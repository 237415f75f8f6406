namespace LowRankMlip.Ace;

/// <summary>Crystal prototype of the sampled lattices.</summary>
public enum AceLattice { Fcc, ZincBlende }

/// <summary>
/// Configurations sampled around a crystal to serve as the reference set when a potential is compressed
/// against itself (issue 7: no DFT data ships with the .yace files): 2×2×2 conventional supercells with a
/// random lattice scale (±4 %), a random symmetric strain (±2 %) and rattled atoms, seeded. Fcc sites
/// take random species; zinc blende puts species 0 and 1 on its two sublattices.
/// </summary>
public static class AceReferenceSampler
{
    public static List<Configuration> Sample(AceLattice lattice, double latticeConstant, int species, int count, int seed, double rattle)
    {
        if (lattice == AceLattice.ZincBlende && species < 2) throw new ArgumentException("zinc blende needs a potential with at least two species");
        var rng = new Random(seed);
        double[][] fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
        var result = new List<Configuration>(count);
        for (int c = 0; c < count; c++)
        {
            double a = latticeConstant * (1 + 0.04 * (2 * rng.NextDouble() - 1));
            var strain = new double[9];
            for (int i = 0; i < 3; i++)
                for (int j = i; j < 3; j++)
                    strain[3 * i + j] = strain[3 * j + i] = (i == j ? 1 : 0) + 0.02 * (2 * rng.NextDouble() - 1);
            var frac = new List<double>();
            var types = new List<int>();
            for (int x = 0; x < 2; x++)
                for (int y = 0; y < 2; y++)
                    for (int z = 0; z < 2; z++)
                        foreach (var f in fcc)
                        {
                            frac.AddRange([(f[0] + x) / 2, (f[1] + y) / 2, (f[2] + z) / 2]);
                            types.Add(lattice == AceLattice.Fcc ? rng.Next(species) : 0);
                            if (lattice == AceLattice.ZincBlende)
                            {
                                frac.AddRange([(f[0] + 0.25 + x) / 2, (f[1] + 0.25 + y) / 2, (f[2] + 0.25 + z) / 2]);
                                types.Add(1);
                            }
                        }
            // Cell rows: 2a·(strain row); positions = frac · cell + rattle.
            var cell = new double[9];
            for (int i = 0; i < 9; i++) cell[i] = 2 * a * strain[i];
            var positions = new double[frac.Count];
            for (int atom = 0; atom < types.Count; atom++)
                for (int d = 0; d < 3; d++)
                    positions[3 * atom + d] = frac[3 * atom] * cell[d] + frac[3 * atom + 1] * cell[3 + d] + frac[3 * atom + 2] * cell[6 + d]
                        + rattle * (2 * rng.NextDouble() - 1);
            result.Add(new Configuration(Cell.Periodic(cell), [.. types], positions));
        }
        return result;
    }
}
