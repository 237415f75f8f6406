namespace LowRankMlip.Ace;

/// <summary>
/// One product-basis function of a <c>.yace</c> (ace-spec §6, §9 <c>functions</c>): central species
/// μ0, neighbour species <c>mus</c>, 1-based radial indices <c>ns</c>, orbital numbers <c>ls</c>, its
/// m-tuples (<c>ms_combs</c>, row-major [s][t]) and coefficients (<c>ctildes</c>, row-major [s][p]).
/// </summary>
public sealed record AceFunction(int Mu0, int Rank, int DensityCount, int MsCombinationCount, int[] Mus, int[] Ns, int[] Ls, int[] MsCombs, double[] Ctildes)
{
    /// <summary>Copy with new c̃ coefficients (same length).</summary>
    public AceFunction WithCtildes(double[] ctildes) => this with { Ctildes = ctildes };
}
