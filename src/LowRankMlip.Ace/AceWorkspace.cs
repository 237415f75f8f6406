namespace LowRankMlip.Ace;

/// <summary>
/// Per-thread scratch of <see cref="AceEvaluator"/>: grow-only buffers, so evaluating an atom
/// allocates nothing once they are warm. Not thread-safe: one per thread.
/// </summary>
public sealed class AceWorkspace
{
    internal int[] Species = [];
    // Per neighbour of the current atom.
    internal int[] Entry = [], Mu = [];
    internal double[] R = [], Ux = [], Uy = [], Uz = [], Phi = [], DPhi = [];
    internal double[] G = [], DG = [], Rnl = [], DRnl = [], YRe = [], YIm = [], GradYRe = [], GradYIm = [];
    // Per atom.
    internal double[] A1 = [], ARe = [], AIm = [], W1 = [], WRe = [], WIm = [];
    internal double[] Rho = [], DF = [], PScratch = [], DPScratch = [];
    internal double[] ZRe = [], ZIm = [], PreRe = [], PreIm = [], H = [], DH = [];
    // Per product term of the current atom: factors and prefix products, kept from the density pass for the weights pass.
    internal double[] TermZRe = [], TermZIm = [], TermPreRe = [], TermPreIm = [];
    // zbl blend of the current atom: the neighbour that sets the switch (−1: none) and its extra r̂ coefficient.
    internal int SwitchNeighbour = -1;
    internal double SwitchRadial;
    // Latent path (AceLatentRadial): h, h' per neighbour; Ã and W̃ per atom; one (Re Y, Im Y) row; ω, ω'.
    internal double[] LatentH = [], LatentDH = [], LatentA = [], LatentW = [], LatentY = [], LatentOmega = [], LatentDOmega = [];

    internal void EnsureAtoms(int atoms)
    {
        if (Species.Length < atoms) Species = new int[Math.Max(atoms, 2 * Species.Length)];
    }

    internal void EnsureTables(AceBasisTables t)
    {
        Grow(ref A1, t.S * t.BasisSize); Grow(ref W1, t.S * t.BasisSize);
        Grow(ref ARe, t.ACount); Grow(ref AIm, t.ACount); Grow(ref WRe, t.ACount); Grow(ref WIm, t.ACount);
        Grow(ref Rho, t.MaxDensityCount); Grow(ref DF, t.MaxDensityCount);
        Grow(ref PScratch, t.LmCount); Grow(ref DPScratch, t.LmCount);
        Grow(ref H, t.BasisSize); Grow(ref DH, t.BasisSize);
        Grow(ref TermZRe, t.MaxProductSlots); Grow(ref TermZIm, t.MaxProductSlots);
        Grow(ref TermPreRe, t.MaxProductSlots); Grow(ref TermPreIm, t.MaxProductSlots);
        Grow(ref ZRe, t.MaxRank); Grow(ref ZIm, t.MaxRank); Grow(ref PreRe, t.MaxRank + 1); Grow(ref PreIm, t.MaxRank + 1);
    }

    internal void EnsureNeighbours(int count, AceBasisTables t)
    {
        if (Entry.Length >= count && G.Length >= count * t.BasisSize && Rnl.Length >= count * t.NlCount && YRe.Length >= count * t.LmCount) return;
        int n = Math.Max(count, 2 * Entry.Length);
        Entry = new int[n]; Mu = new int[n];
        R = new double[n]; Ux = new double[n]; Uy = new double[n]; Uz = new double[n]; Phi = new double[n]; DPhi = new double[n];
        G = new double[n * t.BasisSize]; DG = new double[n * t.BasisSize];
        Rnl = new double[n * t.NlCount]; DRnl = new double[n * t.NlCount];
        YRe = new double[n * t.LmCount]; YIm = new double[n * t.LmCount];
        GradYRe = new double[3 * n * t.LmCount]; GradYIm = new double[3 * n * t.LmCount];
    }

    internal void EnsureLatent(int neighbours, AceBasisTables t, int rank)
    {
        int row = 2 * t.LmCount;
        if (LatentH.Length < neighbours * rank)
        {
            int n = Math.Max(neighbours, 2 * (LatentH.Length / rank));
            LatentH = new double[n * rank]; LatentDH = new double[n * rank];
        }
        Grow(ref LatentA, t.S * rank * row); Grow(ref LatentW, t.S * rank * row);
        Grow(ref LatentY, row); Grow(ref LatentOmega, row); Grow(ref LatentDOmega, row);
    }

    private static void Grow(ref double[] a, int n) { if (a.Length < n) a = new double[n]; }
}
