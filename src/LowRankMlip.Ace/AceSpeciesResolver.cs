namespace LowRankMlip.Ace;

/// <summary>
/// Maps configurations onto an ACE potential's species: a .cfg type t is species t (the t-th entry
/// of <c>elements</c>), element-named data (extxyz, JSON) maps by symbol.
/// </summary>
public static class AceSpeciesResolver
{
    public static void Apply(Configuration cfg, AcePotential potential, int configurationIndex)
    {
        if (cfg.Symbols is not { } symbols) return;
        for (int i = 0; i < symbols.Length; i++)
        {
            int mu = potential.SpeciesOf(symbols[i]);
            cfg.Types[i] = mu >= 0 ? mu : throw new ArgumentException(
                $"configuration {configurationIndex + 1}, atom {i + 1}: element {symbols[i]} is not in the potential's elements ({string.Join(", ", potential.Elements)})");
        }
    }
}
