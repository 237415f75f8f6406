namespace LowRankMlip.Ace;

/// <summary>Radial basis family g_k(r) of a bond (ace-spec §3, key <c>radbasename</c>).</summary>
public enum AceRadialBasisKind { ChebExpCos, ChebPow, ChebLinear, SBessel, /// <summary><c>TEST_*</c>: zero functions.</summary>
    Zero }

/// <summary>Inner-cutoff mode of a bond (ace-spec §3, key <c>inner_cutoff_type</c>; absent ⇒ density).</summary>
public enum AceInnerCutoffKind { Density, Distance, /// <summary>ZBL pair term blended with ACE by the nearest neighbour (<see cref="AceZbl"/>).</summary>
    Zbl }

/// <summary>
/// One ordered species pair (central μ_i, neighbour μ_j) of a <c>.yace</c> (ace-spec §9 <c>bonds</c>):
/// radial basis, <c>crad</c> = <c>radcoefficients</c> flattened as [n][l][k] (nradmax × (lmax+1) ×
/// nradbasemax), core repulsion and cutoffs. Optional keys are null when the file omits them, so a
/// written file says exactly what was read.
/// </summary>
public sealed record AceBond(
    int Nradmax, int Lmax, int Nradbasemax, string RadBaseName, double[] RadParameters, double[] RadCoefficients,
    double Prehc, double Lambdahc, double Rcut, double Dcut, double? RcutIn, double? DcutIn, string? InnerCutoffType)
{
    public AceRadialBasisKind BasisKind => RadialBasisKindOf(RadBaseName)
        ?? throw new InvalidOperationException($"radbasename '{RadBaseName}' is not supported");

    public AceInnerCutoffKind InnerCutoff => InnerCutoffType switch
    {
        null or "density" => AceInnerCutoffKind.Density,
        "zbl" => AceInnerCutoffKind.Zbl,
        "distance" => AceInnerCutoffKind.Distance,
        _ => throw new InvalidOperationException($"inner_cutoff_type '{InnerCutoffType}' is not supported"),
    };

    /// <summary>crad[n][l][k] (ace-spec §2).</summary>
    public double Crad(int n, int l, int k) => RadCoefficients[(n * (Lmax + 1) + l) * Nradbasemax + k];

    public AceBond WithRadialCoefficients(double[] crad)
    {
        if (crad.Length != RadCoefficients.Length)
            throw new ArgumentException($"crad has {crad.Length} entries; the bond has nradmax·(lmax+1)·nradbasemax = {RadCoefficients.Length}");
        return this with { RadCoefficients = crad };
    }

    /// <summary>The supported families; null for an unsupported name (e.g. <c>ACE.jl.base</c>).</summary>
    public static AceRadialBasisKind? RadialBasisKindOf(string name) => name switch
    {
        "ChebExpCos" => AceRadialBasisKind.ChebExpCos,
        "ChebPow" => AceRadialBasisKind.ChebPow,
        "ChebLinear" => AceRadialBasisKind.ChebLinear,
        "SBessel" => AceRadialBasisKind.SBessel,
        _ when name.StartsWith("TEST_", StringComparison.Ordinal) => AceRadialBasisKind.Zero,
        _ => null,
    };
}
