using LowRankMlip.Io;

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
        if (speciesOrder is { Count: > 0 })
        {
            // A .cfg converted from element-named data carries atomic numbers as types; a type that is
            // already a species of the potential is taken as such.
            if (cfg.Symbols is null && potential.SpeciesIndexOf(cfg.Types[0]) >= 0) return;
            if (speciesOrder.Count != potential.SpeciesCount)
                throw new ArgumentException($"--species lists {speciesOrder.Count} elements ({string.Join(",", speciesOrder)}) but the potential has {potential.SpeciesCount} species");
            // Element k of the list (by symbol, or by atomic number for converted .cfg types) is species k.
            new SpeciesMap(speciesOrder).Apply(cfg, configurationIndex + 1);
            for (int i = 0; i < cfg.Types.Length; i++) cfg.Types[i] = potential.SpeciesTypes[cfg.Types[i]];
            return;
        }
        var symbols = cfg.Symbols;
        if (symbols is null) return;
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
}
