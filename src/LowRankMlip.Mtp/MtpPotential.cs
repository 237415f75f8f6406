namespace LowRankMlip.Mtp;

/// <summary>
/// A Moment Tensor Potential: radial basis settings, the radial coefficient tensor
/// C[a][b][μ][β] (mtp-spec §3.3, flat index ((a·S + b)·K + μ)·R + β, shape (S·S, K, R)),
/// the species coefficients ξ and moment coefficients θ (§1), the global scaling s (§3.2) and the
/// moment basis (§4). An untrained template has no coefficients.
/// </summary>
public sealed class MtpPotential
{
    public required string PotentialName { get; init; }
    public string PotentialTag { get; init; } = "";
    public required RadialBasisKind BasisKind { get; init; }
    public required double MinDist { get; set; }
    public required double MaxDist { get; init; }
    /// <summary>R: radial_basis_size.</summary>
    public required int RadialBasisSize { get; init; }
    /// <summary>K: radial_funcs_count.</summary>
    public required int RadialFunctionCount { get; init; }
    public required MtpBasis Basis { get; init; }

    /// <summary>s: multiplies every radial basis value and derivative (mtp-spec §3.2).</summary>
    public double Scaling { get; set; } = 1.0;

    /// <summary>S: species_count (0 for a template that did not state it).</summary>
    public int SpeciesCount { get; set; }

    /// <summary>
    /// Type integer of each species index (mtp-spec §2.3): the ordered list of "atomic numbers" from
    /// the radial_coeffs headers; 0..S−1 for relative types, e.g. {29, 46} for absolute ones.
    /// </summary>
    public int[] SpeciesTypes { get; set; } = [];

    /// <summary>C[a][b][μ][β], length S·S·K·R, or null for an untrained template.</summary>
    public double[]? RadialCoeffs { get; set; }

    /// <summary>ξ, length S, or null.</summary>
    public double[]? SpeciesCoeffs { get; set; }

    /// <summary>θ, length Ns, or null.</summary>
    public double[]? MomentCoeffs { get; set; }

    /// <summary>True when the radial tensor, ξ and θ are all present (the potential can be evaluated).</summary>
    public bool IsTrained => RadialCoeffs is not null && SpeciesCoeffs is not null && MomentCoeffs is not null;

    public int Level => Basis.Level;

    public int RadialParameterCount => SpeciesCount * SpeciesCount * RadialFunctionCount * RadialBasisSize;
    public int LinearParameterCount => SpeciesCount + Basis.ScalarCount;
    public int TotalParameterCount => RadialParameterCount + LinearParameterCount;

    public static int RadialIndex(int a, int b, int mu, int beta, int speciesCount, int k, int r) =>
        ((a * speciesCount + b) * k + mu) * r + beta;

    /// <summary>Species index of a configuration type integer, or −1 when the potential has no such species.</summary>
    public int SpeciesIndexOf(int type)
    {
        var list = SpeciesTypes;
        for (int s = 0; s < list.Length; s++) if (list[s] == type) return s;
        return -1;
    }

    public MtpPotential Clone() => new()
    {
        PotentialName = PotentialName,
        PotentialTag = PotentialTag,
        BasisKind = BasisKind,
        MinDist = MinDist,
        MaxDist = MaxDist,
        RadialBasisSize = RadialBasisSize,
        RadialFunctionCount = RadialFunctionCount,
        Basis = Basis,
        Scaling = Scaling,
        SpeciesCount = SpeciesCount,
        SpeciesTypes = (int[])SpeciesTypes.Clone(),
        RadialCoeffs = (double[]?)RadialCoeffs?.Clone(),
        SpeciesCoeffs = (double[]?)SpeciesCoeffs?.Clone(),
        MomentCoeffs = (double[]?)MomentCoeffs?.Clone(),
    };
}
