namespace LowRankMlip.Compression;

/// <summary>How the factors of a compressed radial tensor are stored (and reconstructed).</summary>
public enum FactorizationKind
{
    /// <summary>Burer–Monteiro W = U Vᵀ of a matrix view: U (m×r), V (n×r).</summary>
    Factored,
    /// <summary>W = U diag(S) Vᵀ with orthonormal U, V (a point of the fixed-rank manifold).</summary>
    FixedRank,
    /// <summary>Tucker: core ×₁ U₁ ⋯ ×_d U_d.</summary>
    Tucker,
    /// <summary>Tensor train: cores G₁ ⋯ G_d.</summary>
    TensorTrain,
}

public static class FactorizationKinds
{
    public static string Name(FactorizationKind k) => k switch
    {
        FactorizationKind.Factored => "factored",
        FactorizationKind.FixedRank => "fixed-rank",
        FactorizationKind.Tucker => "tucker",
        _ => "tt",
    };

    public static FactorizationKind? TryParse(string name) =>
        Enum.GetValues<FactorizationKind>().Cast<FactorizationKind?>().FirstOrDefault(k => Name(k!.Value) == name);
}
