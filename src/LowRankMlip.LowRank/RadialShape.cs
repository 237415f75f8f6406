namespace LowRankMlip.LowRank;

/// <summary>
/// Shape of an MTP radial coefficient tensor C[a][b][μ][β] (mtp-spec §3.3): S species, K radial functions,
/// R basis functions; stored flat with index ((a·S + b)·K + μ)·R + β.
/// </summary>
public readonly record struct RadialShape(int Species, int Functions, int BasisSize)
{
    public int Pairs => Species * Species;
    public int Length => Pairs * Functions * BasisSize;
}
