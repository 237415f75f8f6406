namespace LowRankMlip.Mtp;

/// <summary>
/// Maps configurations whose source named elements (extxyz, JSON: <see cref="Configuration.Symbols"/>)
/// onto a potential's type integers (mtp-spec §2.3). A .cfg configuration already carries MLIP types
/// and is left unchanged.
/// </summary>
public static class SpeciesResolver
{
    /// <summary>
    /// Rewrites <paramref name="cfg"/>.Types for element-named data: with an explicit species order
    /// (e.g. "Nb,Mo,Ta,W" = the potential's species 0..S−1), element k of the list becomes the
    /// potential's type k; without one, a single-species potential takes every atom of a
    /// single-element configuration, and a potential with atomic-number types keeps Z.
    /// </summary>
    public static void Apply(Configuration cfg, MtpPotential potential, IReadOnlyList<string>? speciesOrder, int configurationIndex)
    {
        var symbols = cfg.Symbols;
        if (symbols is null)
        {
            // A .cfg converted from element-named data carries atomic numbers as types: with an explicit
            // species order, a type equal to the atomic number of a listed element maps to that species.
            if (speciesOrder is { Count: > 0 } && potential.SpeciesIndexOf(cfg.Types[0]) < 0)
            {
                if (speciesOrder.Count != potential.SpeciesCount)
                    throw new ArgumentException($"--species lists {speciesOrder.Count} elements ({string.Join(",", speciesOrder)}) but the potential has {potential.SpeciesCount} species");
                var numbers = speciesOrder.Select(e => Elements.TryGetAtomicNumber(e, out int z) ? z : throw new ArgumentException($"--species: '{e}' is not an element symbol")).ToArray();
                for (int i = 0; i < cfg.Types.Length; i++)
                {
                    int k = Array.IndexOf(numbers, cfg.Types[i]);
                    if (k < 0)
                        throw new ArgumentException($"configuration {configurationIndex + 1}, atom {i + 1}: type {cfg.Types[i]} is neither a species of the potential nor the atomic number of an element in --species {string.Join(",", speciesOrder)}");
                    cfg.Types[i] = potential.SpeciesTypes[k];
                }
            }
            return;
        }
        if (speciesOrder is { Count: > 0 })
        {
            if (speciesOrder.Count != potential.SpeciesCount)
                throw new ArgumentException($"--species lists {speciesOrder.Count} elements ({string.Join(",", speciesOrder)}) but the potential has {potential.SpeciesCount} species");
            for (int i = 0; i < symbols.Length; i++)
            {
                int k = IndexOf(speciesOrder, symbols[i]);
                if (k < 0)
                    throw new ArgumentException($"configuration {configurationIndex + 1}, atom {i + 1}: element {symbols[i]} is not in --species {string.Join(",", speciesOrder)}");
                cfg.Types[i] = potential.SpeciesTypes[k];
            }
            return;
        }
        bool absoluteTypes = potential.SpeciesTypes.Where((t, s) => t != s).Any();
        if (absoluteTypes) return; // Types already hold atomic numbers Z, as the potential does.
        var distinct = symbols.Distinct().ToArray();
        if (potential.SpeciesCount == 1 && distinct.Length == 1)
        {
            Array.Fill(cfg.Types, potential.SpeciesTypes[0]);
            return;
        }
        throw new ArgumentException(
            $"configuration {configurationIndex + 1} names elements ({string.Join(",", distinct)}) but the potential numbers its {potential.SpeciesCount} species 0..{potential.SpeciesCount - 1}; " +
            "give the element of each species in order with --species (e.g. --species Nb,Mo,Ta,W)");
    }

    private static int IndexOf(IReadOnlyList<string> list, string s)
    {
        for (int i = 0; i < list.Count; i++) if (string.Equals(list[i], s, StringComparison.Ordinal)) return i;
        return -1;
    }
}
