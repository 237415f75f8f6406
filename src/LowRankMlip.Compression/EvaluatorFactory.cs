using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Compression;

/// <summary>
/// The evaluator the evaluation verbs use: the latent-function kernels (architecture "Fast paths"). For a
/// compressed potential whose μ-unfolding (K × S²R) has rank r &lt; K the K radial functions are mixtures of r
/// latent ones; any other potential runs the same kernels at r = K with identity mixing (exactly its own C),
/// which is faster than the dense kernels at every level (2026-11-25, AMD EPYC, 1 thread, 1001 cubic Cu
/// cells: L10 1.77×, L16 ≈ 1.6×, L20 ≈ 1.45×, L24 1.17×; `scripts/bench-compressed.sh`, `lrmlip bench`). Same
/// energies, forces, virials and site energies as the dense evaluator (tests). Training keeps the dense
/// evaluator (the latent one has no parameter setter).
/// </summary>
public static class EvaluatorFactory
{
    /// <summary>Relative singular-value threshold below which a μ-direction counts as absent.</summary>
    public const double RankTolerance = 1e-12;

    public static MtpEvaluator Create(LoadedPotential loaded, KernelPath path = KernelPath.Auto) =>
        loaded.Compressed is { } c ? Create(c, path) : new MtpEvaluator(loaded.Potential, FullRank(loaded.Potential), path);

    public static MtpEvaluator Create(CompressedPotential compressed, KernelPath path = KernelPath.Auto)
    {
        var p = compressed.Potential;
        var latent = LatentRadial.FromDense(p.RadialCoeffs, p.SpeciesCount * p.SpeciesCount, p.RadialFunctionCount, p.RadialBasisSize, RankTolerance);
        return new MtpEvaluator(p, latent.Rank < p.RadialFunctionCount ? latent : FullRank(p), path);
    }

    /// <summary>The radial tensor as K latent functions with identity mixing (r = K): exactly C, no rank saving.</summary>
    public static LatentRadial FullRank(MtpPotential p)
    {
        int k = p.RadialFunctionCount;
        var identity = new double[k * k];
        for (int i = 0; i < k; i++) identity[i * k + i] = 1;
        return new LatentRadial(k, identity, (double[])p.RadialCoeffs!.Clone());
    }
}
