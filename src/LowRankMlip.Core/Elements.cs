namespace LowRankMlip;

/// <summary>Chemical element symbols ↔ atomic numbers Z (1–118), used where a format names species (extxyz, JSON; datasets.md §3).</summary>
public static class Elements
{
    private static readonly string[] Symbols =
    [
        "", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
        "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ];

    private static readonly Dictionary<string, int> ZBySymbol = BuildIndex();

    private static Dictionary<string, int> BuildIndex()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int z = 1; z < Symbols.Length; z++) d[Symbols[z]] = z;
        return d;
    }

    public const int MaxAtomicNumber = 118;

    /// <summary>Atomic number of a symbol (exact capitalisation, e.g. "Mo"); false when unknown.</summary>
    public static bool TryGetAtomicNumber(string symbol, out int z) => ZBySymbol.TryGetValue(symbol, out z);

    /// <summary>Atomic number of a symbol; throws <see cref="ArgumentException"/> when unknown.</summary>
    public static int AtomicNumber(string symbol) =>
        TryGetAtomicNumber(symbol, out int z) ? z : throw new ArgumentException($"unknown element symbol '{symbol}'", nameof(symbol));

    /// <summary>Symbol of atomic number z (1–118).</summary>
    public static string Symbol(int z) =>
        z >= 1 && z <= MaxAtomicNumber ? Symbols[z] : throw new ArgumentOutOfRangeException(nameof(z), z, "atomic number must be 1–118");
}
