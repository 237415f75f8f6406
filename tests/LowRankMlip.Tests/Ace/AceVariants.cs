using LowRankMlip.Ace;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// Test potentials derived from Al-Ni_opt_all.yace that switch on the options the reference files do
/// not use (ace-spec §3, §5): SBessel and ChebLinear bases, the "distance" inner cutoff with core
/// repulsion, and a non-linear FinnisSinclair embedding.
/// </summary>
internal static class AceVariants
{
    public static AcePotential Named(string name) => name switch
    {
        "AlNi" => AcePotentials.AlNi,
        "InP" => AcePotentials.InP,
        "SBessel" => WithBonds(b => b with { RadBaseName = "SBessel" }),
        "ChebLinear" => WithBonds(b => b with { RadBaseName = "ChebLinear" }),
        "DistanceCore" => WithBonds(b => b with { InnerCutoffType = "distance", RcutIn = 2.6, DcutIn = 0.5, Prehc = 30, Lambdahc = 0.4 }),
        "Zbl" => Zbl(AcePotentials.AlNi),
        "FinnisSinclairSqrt" => WithEmbedding(0, new AceEmbedding(1, [1.3, 0.5], AceEmbeddingKind.FinnisSinclair, 100000, 250)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// <paramref name="p"/> with the "zbl" inner cutoff (ace-spec §3): ZBL below r_in − Δ_in = 2.1 Å, ACE above
    /// r_in = 2.6 Å, prehc 1 (the plain ZBL pair energy).
    /// </summary>
    public static AcePotential Zbl(AcePotential p) => WithBonds(p, b => b with { InnerCutoffType = "zbl", RcutIn = 2.6, DcutIn = 0.5, Prehc = 1 });

    private static AcePotential WithBonds(Func<AceBond, AceBond> change) => WithBonds(AcePotentials.AlNi, change);

    public static AcePotential WithBonds(AcePotential p, Func<AceBond, AceBond> change)
    {
        var bonds = new AceBond[p.SpeciesCount, p.SpeciesCount];
        for (int a = 0; a < p.SpeciesCount; a++)
            for (int b = 0; b < p.SpeciesCount; b++) bonds[a, b] = change(p.Bonds[a, b]);
        return new AcePotential(p.Elements, p.E0, p.DeltaSplineBins, p.Embeddings, bonds, p.Functions);
    }

    private static AcePotential WithEmbedding(int species, AceEmbedding embedding)
    {
        var p = AcePotentials.AlNi;
        var embeddings = (AceEmbedding[])p.Embeddings.Clone();
        embeddings[species] = embedding;
        return new AcePotential(p.Elements, p.E0, p.DeltaSplineBins, embeddings, p.Bonds, p.Functions);
    }

    /// <summary>A seeded random two-species cell suited to the potential's cutoff.</summary>
    public static Configuration Structure(string name, int seed) => name == "InP"
        ? RandomStructures.Triclinic(seed, 8, 2, edge: 5.9, minDistance: 2.3)
        : RandomStructures.Triclinic(seed, 6, 2, edge: 5.2, minDistance: name is "DistanceCore" or "Zbl" ? 1.9 : 2.3);
}
