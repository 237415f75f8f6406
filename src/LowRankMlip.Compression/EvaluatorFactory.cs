using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Compression;

/// <summary>
/// The evaluator for a loaded potential: for a compressed potential whose μ-unfolding (K × S²R) has rank
/// r &lt; K the latent-function evaluator (the K radial functions are mixtures of r latent ones, architecture
/// "Fast paths"), otherwise the dense one. Both give the same energies and forces (tests: 1e-10 relative).
/// </summary>
public static class EvaluatorFactory
{
    /// <summary>Relative singular-value threshold below which a μ-direction counts as absent.</summary>
    public const double RankTolerance = 1e-12;

    public static MtpEvaluator Create(LoadedPotential loaded, KernelPath path = KernelPath.Auto) =>
        loaded.Compressed is { } c ? Create(c, path) : new MtpEvaluator(loaded.Potential, path);

    public static MtpEvaluator Create(CompressedPotential compressed, KernelPath path = KernelPath.Auto)
    {
        var p = compressed.Potential;
        var latent = LatentRadial.FromDense(p.RadialCoeffs, p.SpeciesCount * p.SpeciesCount, p.RadialFunctionCount, p.RadialBasisSize, RankTolerance);
        return latent.Rank < p.RadialFunctionCount ? new MtpEvaluator(p, latent, path) : new MtpEvaluator(p, path);
    }
}
