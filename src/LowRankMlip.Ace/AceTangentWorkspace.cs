namespace LowRankMlip.Ace;

/// <summary>
/// Per-thread scratch of <see cref="AceParameterTangent"/>: values and tangents (prefix T) of the per-neighbour and
/// per-atom quantities. Grow-only, so a warm workspace allocates nothing. Not thread-safe: one per thread.
/// </summary>
internal sealed class AceTangentWorkspace
{
    // Per neighbour of the current atom.
    internal int[] Mu = [];
    internal double[] RDot = [], G = [], DG = [], YRe = [], YIm = [], TYRe = [], TYIm = [];
    // Per bond (scratch) and per atom.
    internal double[] Rnl = [], DRnl = [], GradYRe = [], GradYIm = [], PScratch = [], DPScratch = [];
    internal double[] A1 = [], TA1 = [], ARe = [], AIm = [], TARe = [], TAIm = [], WRe = [], WIm = [], TWRe = [], TWIm = [];
    internal double[] Rho = [], TRho = [], DF = [], TDF = [];
    internal double[] ZRe = [], ZIm = [], TZRe = [], TZIm = [], PreRe = [], PreIm = [], TPreRe = [], TPreIm = [];

    /// <summary>Sizes the buffers exactly for the tables (the pass clears whole per-atom arrays) and enough neighbours.</summary>
    internal void Ensure(AceBasisTables t, int neighbours)
    {
        Exact(ref A1, t.S * t.BasisSize); Exact(ref TA1, t.S * t.BasisSize);
        Exact(ref ARe, t.ACount); Exact(ref AIm, t.ACount); Exact(ref TARe, t.ACount); Exact(ref TAIm, t.ACount);
        Exact(ref WRe, t.ACount); Exact(ref WIm, t.ACount); Exact(ref TWRe, t.ACount); Exact(ref TWIm, t.ACount);
        Grow(ref Rho, t.MaxDensityCount); Grow(ref TRho, t.MaxDensityCount); Grow(ref DF, t.MaxDensityCount); Grow(ref TDF, t.MaxDensityCount);
        Grow(ref Rnl, t.NlCount); Grow(ref DRnl, t.NlCount);
        Grow(ref GradYRe, 3 * t.LmCount); Grow(ref GradYIm, 3 * t.LmCount); Grow(ref PScratch, t.LmCount); Grow(ref DPScratch, t.LmCount);
        Grow(ref ZRe, t.MaxRank); Grow(ref ZIm, t.MaxRank); Grow(ref TZRe, t.MaxRank); Grow(ref TZIm, t.MaxRank);
        Grow(ref PreRe, t.MaxRank + 1); Grow(ref PreIm, t.MaxRank + 1); Grow(ref TPreRe, t.MaxRank + 1); Grow(ref TPreIm, t.MaxRank + 1);
        int n = Math.Max(1, neighbours);
        if (Mu.Length < n) { Mu = new int[n]; RDot = new double[n]; }
        Grow(ref G, n * t.BasisSize); Grow(ref DG, n * t.BasisSize);
        Grow(ref YRe, n * t.LmCount); Grow(ref YIm, n * t.LmCount); Grow(ref TYRe, n * t.LmCount); Grow(ref TYIm, n * t.LmCount);
    }

    private static void Grow(ref double[] a, int n) { if (a.Length < n) a = new double[n]; }
    private static void Exact(ref double[] a, int n) { if (a.Length != n) a = new double[n]; }
}
