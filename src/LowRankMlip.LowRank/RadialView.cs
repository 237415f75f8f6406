namespace LowRankMlip.LowRank;

/// <summary>
/// How the radial tensor C[a][b][μ][β] is seen by a low-rank format (lowrank-algorithms §0):
/// four matrix unfoldings and two tensor views.
/// </summary>
public enum RadialView
{
    /// <summary>Unfolding A: pair × (μ, β), S² × KR; the flat array read row-major.</summary>
    Pairs,
    /// <summary>Unfolding B: (pair, μ) × β, S²K × R; the flat array read row-major.</summary>
    PairMu,
    /// <summary>Unfolding C: μ × (pair, β), K × S²R; a permutation of the flat array.</summary>
    Mu,
    /// <summary>Unfolding D: a × (b, μ, β), S × SKR; the flat array read row-major.</summary>
    Center,
    /// <summary>Three modes (pair, μ, β) of sizes [S², K, R]; the flat array itself.</summary>
    Tensor3,
    /// <summary>Four modes (a, b, μ, β) of sizes [S, S, K, R]; the flat array itself.</summary>
    Tensor4,
}
