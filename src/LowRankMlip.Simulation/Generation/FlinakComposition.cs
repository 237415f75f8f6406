using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Simulation.Generation;

/// <summary>
/// Eutectic FLiNaK cells (Li:Na:K:F = 46.5:11.5:42:100, flinak-teacher §3.1, §9): ion counts for N atoms and a
/// starting structure at a given density — ions on a simple-cubic grid with cations and F on alternating
/// sites (so every first neighbour is a counter-ion at the grid spacing, far from the §5 collapse), the
/// unused sites left empty, all chosen with a seeded generator.
/// </summary>
public static class FlinakComposition
{
    /// <summary>Li, Na, K, F counts for <paramref name="atoms"/> ions (even): F = N/2, cations by largest remainder.</summary>
    public static int[] Counts(int atoms)
    {
        if (atoms < 8 || atoms % 2 != 0) throw new ArgumentException($"a neutral FLiNaK cell needs an even number of ions ≥ 8, got {atoms}");
        int cations = atoms / 2;
        var fractions = TosiFumiModel.EutecticFractions;
        var counts = new int[4];
        var remainders = new double[3];
        int assigned = 0;
        for (int s = 0; s < 3; s++)
        {
            double exact = fractions[s] * cations;
            counts[s] = (int)Math.Floor(exact);
            remainders[s] = exact - counts[s];
            assigned += counts[s];
        }
        foreach (int s in Enumerable.Range(0, 3).OrderByDescending(s => remainders[s]).ThenBy(s => s).Take(cations - assigned)) counts[s]++;
        counts[3] = cations;
        return counts;
    }

    /// <summary>The formula written as Li23Na6K21F50.</summary>
    public static string Formula(int atoms)
    {
        var c = Counts(atoms);
        return $"Li{c[0]}Na{c[1]}K{c[2]}F{c[3]}";
    }

    /// <summary>Total mass (amu) of the ions of a configuration with teacher types.</summary>
    public static double Mass(Configuration cfg) => cfg.Types.Sum(t => IonData.Mass[t]);

    /// <summary>A cubic starting cell of <paramref name="atoms"/> ions at <paramref name="density"/> g/cm³.</summary>
    public static Configuration Lattice(int atoms, double density, SimulationRandom random)
    {
        if (!(density > 0)) throw new ArgumentException($"the density must be positive, got {density} g/cm³");
        var counts = Counts(atoms);
        double mass = 0;
        for (int s = 0; s < 4; s++) mass += counts[s] * IonData.Mass[s];
        double edge = Math.Cbrt(mass * SimulationUnits.GramPerCubicCentimetrePerAmuPerCubicAngstrom / density);
        // Smallest even grid with at least N/2 sites of each parity.
        int grid = 2;
        while (grid * grid * grid / 2 < atoms / 2) grid += 2;
        double spacing = edge / grid;
        var even = new List<int>();
        var odd = new List<int>();
        for (int site = 0; site < grid * grid * grid; site++)
        {
            int x = site / (grid * grid), y = site / grid % grid, z = site % grid;
            ((x + y + z) % 2 == 0 ? even : odd).Add(site);
        }
        Shuffle(even, random);
        Shuffle(odd, random);
        var cationTypes = new List<int>();
        for (int s = 0; s < 3; s++) cationTypes.AddRange(Enumerable.Repeat(s, counts[s]));
        Shuffle(cationTypes, random);
        var types = new int[atoms];
        var positions = new double[3 * atoms];
        for (int i = 0; i < atoms; i++)
        {
            bool cation = i < atoms / 2;
            int site = cation ? even[i] : odd[i - atoms / 2];
            types[i] = cation ? cationTypes[i] : (int)Ion.F;
            positions[3 * i] = (site / (grid * grid) + 0.5) * spacing;
            positions[3 * i + 1] = (site / grid % grid + 0.5) * spacing;
            positions[3 * i + 2] = (site % grid + 0.5) * spacing;
        }
        return new Configuration(Cell.Periodic([edge, 0, 0, 0, edge, 0, 0, 0, edge]), types, positions);
    }

    /// <summary>Fisher–Yates with the simulation generator (deterministic per seed).</summary>
    private static void Shuffle<T>(List<T> items, SimulationRandom random)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = (int)(random.NextDouble() * (i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Masses (amu) per atom for teacher types.</summary>
    public static double[] Masses(Configuration cfg) => cfg.Types.Select(t => IonData.Mass[t]).ToArray();
}
