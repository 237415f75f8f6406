using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>
/// The parameter vector of MLIP (regression_coeffs, mtp-spec §5.5): [radial C (S²KR) | ξ (S) | θ (Ns)].
/// The scaling s is not part of it.
/// </summary>
public readonly record struct ParameterLayout(int RadialCount, int SpeciesCount, int MomentCount)
{
    public static ParameterLayout Of(MtpPotential p) => new(p.RadialParameterCount, p.SpeciesCount, p.Basis.ScalarCount);

    public int Total => RadialCount + SpeciesCount + MomentCount;
    public int LinearStart => RadialCount;
    public int LinearCount => SpeciesCount + MomentCount;

    public Span<double> Radial(Span<double> x) => x[..RadialCount];
    public Span<double> Species(Span<double> x) => x.Slice(RadialCount, SpeciesCount);
    public Span<double> Moment(Span<double> x) => x.Slice(RadialCount + SpeciesCount, MomentCount);
    public ReadOnlySpan<double> Radial(ReadOnlySpan<double> x) => x[..RadialCount];
    public ReadOnlySpan<double> Species(ReadOnlySpan<double> x) => x.Slice(RadialCount, SpeciesCount);
    public ReadOnlySpan<double> Moment(ReadOnlySpan<double> x) => x.Slice(RadialCount + SpeciesCount, MomentCount);

    public double[] Pack(MtpPotential p)
    {
        var x = new double[Total];
        p.RadialCoeffs!.CopyTo(x, 0);
        p.SpeciesCoeffs!.CopyTo(x, RadialCount);
        p.MomentCoeffs!.CopyTo(x, RadialCount + SpeciesCount);
        return x;
    }

    public void Unpack(ReadOnlySpan<double> x, MtpPotential p)
    {
        p.RadialCoeffs = Radial(x).ToArray();
        p.SpeciesCoeffs = Species(x).ToArray();
        p.MomentCoeffs = Moment(x).ToArray();
    }
}
