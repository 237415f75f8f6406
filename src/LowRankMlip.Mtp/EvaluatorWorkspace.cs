using LowRankMlip.Mtp.Kernels;

namespace LowRankMlip.Mtp;

/// <summary>
/// Per-thread scratch of <see cref="MtpEvaluator"/>: grow-only buffers sized once per batch, so the
/// evaluation loop allocates nothing (style-anchors practice 8). Not thread-safe: one per thread.
/// </summary>
public sealed class EvaluatorWorkspace
{
    internal readonly NeighbourBlock Block = new();
    internal readonly NeighbourScratch Scratch = new();
    internal readonly LatentScratch Latent = new();
    internal double[] Moments = [];
    internal double[] Adjoint = [];
    internal double[] SiteMoments = [];
    internal double[] SiteAdjoint = [];
    internal int[] Species = [];
    internal readonly double[] LaneEnergy = new double[16];
    internal double[] Tangents = [];
    internal double[] TangentAdjoint = [];
    internal double[] SiteTangents = [];
    internal double[] SiteTangentAdjoint = [];

    // The gradient pass's per-lane neighbour state: each atom of a SIMD batch keeps its prepared neighbours and
    // moment tangents from the forward sweep until its radial gradient after the batch's reverse contraction,
    // instead of preparing them a second time.
    internal NeighbourBlock[] LaneBlocks = [];
    internal NeighbourScratch[] LaneScratches = [];

    private double[] _fullMoments = [];

    internal double[] SiteFullMoments(int momentCount)
    {
        if (_fullMoments.Length < momentCount) _fullMoments = new double[momentCount];
        return _fullMoments;
    }

    internal void EnsureGradientCapacity(int momentCount, int basicCount, int lanes)
    {
        if (Tangents.Length < momentCount * lanes)
        {
            Tangents = new double[momentCount * lanes];
            TangentAdjoint = new double[momentCount * lanes];
        }
        if (SiteTangents.Length < basicCount)
        {
            SiteTangents = new double[basicCount];
            SiteTangentAdjoint = new double[basicCount];
        }
        if (LaneBlocks.Length < lanes)
        {
            LaneBlocks = Enumerable.Range(0, lanes).Select(_ => new NeighbourBlock()).ToArray();
            LaneScratches = Enumerable.Range(0, lanes).Select(_ => new NeighbourScratch()).ToArray();
        }
    }

    internal void EnsureCapacity(int atoms, int momentCount, int basicCount, int lanes)
    {
        if (Species.Length < atoms) Species = new int[Math.Max(atoms, 2 * Species.Length)];
        if (Moments.Length < momentCount * lanes)
        {
            Moments = new double[momentCount * lanes];
            Adjoint = new double[momentCount * lanes];
        }
        if (SiteMoments.Length < basicCount)
        {
            SiteMoments = new double[basicCount];
            SiteAdjoint = new double[basicCount];
        }
    }
}
