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

    // The linear design's per-atom slot values δB_a of every basis function, direction c and neighbour slot
    // (DesignSlotValues[(a·3 + c)·slots + s]), stored as whole vectors while the directions run and reduced
    // once per atom into the centre force, the neighbours' forces and the virial. DesignSlotAtom[s] is the
    // neighbour atom of slot s (−1 for padding). Scratch, so a kept LinearDesign holds only its columns.
    internal double[] DesignSlotValues = [];
    internal int[] DesignSlotAtom = [];

    private double[] _fullMoments = [];
    private double[] _designTangents = [];

    private double[] _designRowFactors = [];

    /// <summary>The linear design's per-atom contraction row factors (w m_j, w m_i).</summary>
    internal double[] DesignRowFactors(int length)
    {
        if (_designRowFactors.Length < length) _designRowFactors = new double[length];
        return _designRowFactors;
    }

    /// <summary>The linear design's moment tangents, [moment][axis][lane].</summary>
    internal double[] DesignTangents(int length)
    {
        if (_designTangents.Length < length) _designTangents = new double[length];
        return _designTangents;
    }

    internal void EnsureDesignSlotCapacity(int basis, int slots)
    {
        if (DesignSlotValues.Length < basis * 3 * slots) DesignSlotValues = new double[basis * 3 * slots];
        if (DesignSlotAtom.Length < slots) DesignSlotAtom = new int[slots];
    }

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
