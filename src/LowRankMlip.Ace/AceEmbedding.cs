namespace LowRankMlip.Ace;

/// <summary>Form of the embedding F of one density (ace-spec §5).</summary>
public enum AceEmbeddingKind
{
    /// <summary><c>FinnisSinclair</c> (ML-PACE <c>Fexp</c>).</summary>
    FinnisSinclair,
    /// <summary><c>FinnisSinclairShiftedScaled</c> (ML-PACE <c>FexpShiftedScaled</c>).</summary>
    FinnisSinclairShiftedScaled,
}

/// <summary>
/// Embedding of one central species (ace-spec §5, §9 <c>embeddings</c>): <c>ndensity</c> densities
/// with weights and exponents <c>FS_parameters = [w_1, m_1, …]</c>, and the "density"-mode core
/// switch-off <c>rho_core_cutoff</c>/<c>drho_core_cutoff</c> (§3).
/// </summary>
public sealed record AceEmbedding(int DensityCount, double[] FsParameters, AceEmbeddingKind Kind, double RhoCoreCutoff, double DrhoCoreCutoff)
{
    public double Weight(int p) => FsParameters[2 * p];
    public double Exponent(int p) => FsParameters[2 * p + 1];

    public static string Name(AceEmbeddingKind kind) => kind switch
    {
        AceEmbeddingKind.FinnisSinclair => "FinnisSinclair",
        _ => "FinnisSinclairShiftedScaled",
    };

    public static AceEmbeddingKind? Parse(string name) => name switch
    {
        "FinnisSinclair" => AceEmbeddingKind.FinnisSinclair,
        "FinnisSinclairShiftedScaled" => AceEmbeddingKind.FinnisSinclairShiftedScaled,
        _ => null,
    };
}
