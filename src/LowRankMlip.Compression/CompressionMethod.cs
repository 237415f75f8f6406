namespace LowRankMlip.Compression;

/// <summary>
/// The compression methods (paper.md §4, lowrank-algorithms §1–§5): each a parametrization of the radial
/// tensor C driven by the trainer's reduced loss.
/// </summary>
public enum CompressionMethod
{
    /// <summary>Truncated SVD / HOSVD / TT-SVD of a trained potential (optionally followed by a refit of [ξ | θ]).</summary>
    Svd,
    /// <summary>C = U Vᵀ of fixed rank, factors optimized by L-BFGS (lowrank-algorithms §1).</summary>
    Mf,
    /// <summary>Riemannian optimization on the fixed-rank manifold (§2).</summary>
    Rmf,
    /// <summary>Riemannian optimization on the fixed multilinear-rank (Tucker) manifold (§3).</summary>
    Tucker,
    /// <summary>Riemannian optimization on the fixed TT-rank manifold (§4).</summary>
    Tt,
    /// <summary>MF with automatic rank augmentation from the normal component of the gradient (§5).</summary>
    Mfra,
}

public static class CompressionMethods
{
    public static string Name(CompressionMethod m) => m.ToString().ToLowerInvariant();

    public static CompressionMethod Parse(string name) =>
        Enum.GetValues<CompressionMethod>().FirstOrDefault(m => Name(m) == name, (CompressionMethod)(-1)) is var m && Enum.IsDefined(m)
            ? m
            : throw new ArgumentException($"unknown compression method '{name}' (expected one of {string.Join(", ", Enum.GetValues<CompressionMethod>().Select(Name))})");
}
