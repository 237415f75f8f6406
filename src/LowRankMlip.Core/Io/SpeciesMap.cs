namespace LowRankMlip.Io;

/// <summary>
/// Maps element-typed configurations (Types = Z, as read from extxyz/JSON) to 0-based species indices
/// of an ordered element list, e.g. <c>Nb,Mo,Ta,W</c> → Nb = 0 … W = 3 (mtp-spec §2.3).
/// </summary>
public sealed class SpeciesMap
{
    private readonly Dictionary<int, int> _indexByZ = [];

    public SpeciesMap(IEnumerable<string> symbols)
    {
        Symbols = symbols.Select(s => s.Trim()).ToArray();
        if (Symbols.Count == 0) throw new ArgumentException("species list is empty");
        for (int i = 0; i < Symbols.Count; i++)
        {
            if (!Elements.TryGetAtomicNumber(Symbols[i], out int z)) throw new ArgumentException($"species list: unknown element '{Symbols[i]}'");
            if (!_indexByZ.TryAdd(z, i)) throw new ArgumentException($"species list: element '{Symbols[i]}' given twice");
        }
    }

    /// <summary>Parses a comma- or space-separated list such as "Nb,Mo,Ta,W".</summary>
    public static SpeciesMap Parse(string list) =>
        new(list.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Index of an element symbol in the list, or −1.</summary>
    public int IndexOf(string symbol) => Elements.TryGetAtomicNumber(symbol, out int z) && _indexByZ.TryGetValue(z, out int i) ? i : -1;

    /// <summary>
    /// Rewrites <paramref name="c"/>.Types in place to indices into the list, from <see cref="Configuration.Symbols"/>
    /// when set, else from Types taken as atomic numbers. Throws naming the element and <paramref name="configurationIndex"/> when absent.
    /// </summary>
    public Configuration Apply(Configuration c, int configurationIndex)
    {
        var mapped = new int[c.AtomCount];
        for (int a = 0; a < c.AtomCount; a++)
        {
            int z;
            string name;
            if (c.Symbols is { } s)
            {
                name = s[a];
                if (!Elements.TryGetAtomicNumber(name, out z)) z = -1;
            }
            else
            {
                z = c.Types[a];
                name = z is >= 1 and <= Elements.MaxAtomicNumber ? Elements.Symbol(z) : $"type {z}";
            }
            if (!_indexByZ.TryGetValue(z, out mapped[a]))
                throw new InvalidDataException($"configuration {configurationIndex}, atom {a + 1}: element {name} is not in the species list {string.Join(',', Symbols)}");
        }
        mapped.CopyTo(c.Types, 0);
        return c;
    }

    /// <summary>Applies the map to a stream of configurations (index = position in the stream).</summary>
    public IEnumerable<Configuration> Apply(IEnumerable<Configuration> configurations)
    {
        int i = 0;
        foreach (var c in configurations) yield return Apply(c, i++);
    }
}
