namespace LowRankMlip;

/// <summary>
/// One atomic configuration with optional DFT labels, as MLIP's .cfg describes it (mtp-spec §8).
/// Positions are Cartesian (Å). Types are the raw integers of the file (species indices or atomic
/// numbers; a potential maps them, mtp-spec §2.3). Energies in eV, forces in eV/Å; the virial
/// (<see cref="Virial"/>) is MLIP's PlusStress W in eV, ordered xx yy zz yz xz xy (mtp-spec §5.4).
/// </summary>
public sealed class Configuration
{
    public Configuration(Cell cell, int[] types, double[] positions)
    {
        if (positions.Length != 3 * types.Length)
            throw new ArgumentException($"positions has {positions.Length} numbers; expected 3 × {types.Length} atoms", nameof(positions));
        Cell = cell;
        Types = types;
        Positions = positions;
    }

    public Cell Cell { get; set; }

    /// <summary>Per-atom type integers as given in the source file.</summary>
    public int[] Types { get; }

    /// <summary>Cartesian positions, 3 per atom (x0 y0 z0 x1 …), Å.</summary>
    public double[] Positions { get; }

    public int AtomCount => Types.Length;

    /// <summary>Total energy label (eV), null when absent.</summary>
    public double? Energy { get; set; }

    /// <summary>Force labels, 3 per atom (eV/Å), null when absent.</summary>
    public double[]? Forces { get; set; }

    /// <summary>Virial labels W (eV) in MLIP order xx yy zz yz xz xy, null when absent.</summary>
    public double[]? Virial { get; set; }

    /// <summary>Optional per-atom site energies (eV), column site_en.</summary>
    public double[]? SiteEnergies { get; set; }

    /// <summary>Optional per-atom charges, column charge.</summary>
    public double[]? Charges { get; set; }

    /// <summary>Per-configuration loss weights from the file (EnergyWeight, ForceWeight, StressWeight blocks); null = default 1.</summary>
    public double? EnergyWeight { get; set; }
    public double? ForceWeight { get; set; }
    public double? StressWeight { get; set; }

    /// <summary>Features in file order (name, value); a repeated name keeps each occurrence.</summary>
    public List<KeyValuePair<string, string>> Features { get; } = new();

    /// <summary>Other per-atom columns that are carried through unchanged (e.g. magmom_x), by column name.</summary>
    public Dictionary<string, double[]> ExtraAtomColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>Species/element symbols per atom when the source format named them (extxyz, JSON); null for .cfg.</summary>
    public string[]? Symbols { get; set; }

    public bool HasEnergy => Energy.HasValue;
    public bool HasForces => Forces is not null;
    public bool HasVirial => Virial is not null;

    /// <summary>Value of the last feature with this name, or null.</summary>
    public string? GetFeature(string name)
    {
        for (int i = Features.Count - 1; i >= 0; i--)
            if (Features[i].Key == name) return Features[i].Value;
        return null;
    }

    /// <summary>Sets (replaces every occurrence of) a feature.</summary>
    public void SetFeature(string name, string value)
    {
        Features.RemoveAll(f => f.Key == name);
        Features.Add(new(name, value));
    }
}
