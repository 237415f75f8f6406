using LowRankMlip.Mtp;

namespace LowRankMlip.Compression;

/// <summary>
/// An MTP whose radial tensor is low rank: the method that produced it, the factors, and the dense
/// equivalent potential (radial coefficients = the factors' reconstruction) that every evaluator,
/// MLIP and LAMMPS can use.
/// </summary>
public sealed class CompressedPotential
{
    public CompressedPotential(CompressionMethod method, CompressedRadial radial, MtpPotential potential)
    {
        if (radial.Shape.Length != potential.RadialParameterCount)
            throw new ArgumentException($"the compressed radial tensor has {radial.Shape.Length} entries, the potential {potential.RadialParameterCount}");
        Method = method;
        Radial = radial;
        Potential = potential.Clone();
        Potential.RadialCoeffs = (double[])radial.Dense.Clone();
    }

    public CompressionMethod Method { get; }
    public CompressedRadial Radial { get; }

    /// <summary>The dense equivalent (what export-mtp writes).</summary>
    public MtpPotential Potential { get; }

    public ParameterCounts Counts => Radial.Counts(Potential.LinearParameterCount);
}
