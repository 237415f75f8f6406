namespace LowRankMlip.Compression;

/// <summary>
/// Parameter accounting of a (compressed) MTP. Radial = free parameters of the radial part: factor entries
/// r(m+n) for MF, the manifold dimension (m+n−r)r for a fixed-rank point (svd of a matrix view, rmf),
/// Π r_i + Σ n_i r_i for Tucker and Σ r_{k−1} n_k r_k for TT (lowrank-algorithms §0); Linear = S + Ns
/// (species and moment coefficients, never compressed). Compression % = 1 − compressed / full, for the
/// radial part alone and for all parameters.
/// </summary>
public sealed record ParameterCounts(int FullRadial, int Radial, int Linear, int Stored)
{
    public int FullTotal => FullRadial + Linear;
    public int Total => Radial + Linear;
    public double RadialCompressionPercent => 100.0 * (1 - (double)Radial / FullRadial);
    public double TotalCompressionPercent => 100.0 * (1 - (double)Total / FullTotal);

    /// <summary>The uncompressed potential: nothing saved.</summary>
    public static ParameterCounts Full(int radial, int linear) => new(radial, radial, linear, radial);
}
