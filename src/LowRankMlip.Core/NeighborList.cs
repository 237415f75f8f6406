namespace LowRankMlip;

/// <summary>
/// Neighbour list with MLIP's semantics (mtp-spec §2.2): for every atom i, every periodic image of
/// every atom j (including images of i itself, excluding i at zero shift) with |r_ij| strictly below
/// the cutoff, where r_ij = r_j + n·L − r_i points from the central atom to the neighbour. There is
/// no minimum-image convention: a small cell yields several images of one atom. Stored in CSR form.
/// </summary>
public sealed class NeighborList
{
    private NeighborList(double cutoff, int[] offsets, int[] indices, double[] vectors)
    {
        Cutoff = cutoff;
        Offsets = offsets;
        Indices = indices;
        Vectors = vectors;
    }

    public double Cutoff { get; }

    /// <summary>Neighbours of atom i are entries Offsets[i] .. Offsets[i+1]−1.</summary>
    public int[] Offsets { get; }

    /// <summary>Original atom index of each neighbour entry.</summary>
    public int[] Indices { get; }

    /// <summary>r_ij per entry, 3 numbers each (Å).</summary>
    public double[] Vectors { get; }

    public int AtomCount => Offsets.Length - 1;
    /// <summary>Number of (i, j) entries in use: Offsets[AtomCount] (the arrays may be longer, see <see cref="FromArrays"/>).</summary>
    public int PairCount => Offsets[AtomCount];
    public int CountOf(int atom) => Offsets[atom + 1] - Offsets[atom];

    public int MaxNeighborCount
    {
        get
        {
            int max = 0;
            for (int i = 0; i < AtomCount; i++) max = Math.Max(max, CountOf(i));
            return max;
        }
    }

    /// <summary>
    /// A list over caller-owned arrays (e.g. a Verlet list with a skin filtered in place each MD step): entries
    /// Offsets[i] .. Offsets[i+1]−1 are the neighbours of atom i; Indices and Vectors may be longer than in use.
    /// </summary>
    public static NeighborList FromArrays(double cutoff, int[] offsets, int[] indices, double[] vectors)
    {
        if (offsets.Length == 0 || offsets[0] != 0) throw new ArgumentException("offsets must start with 0", nameof(offsets));
        int used = offsets[^1];
        if (indices.Length < used || vectors.Length < 3 * used)
            throw new ArgumentException($"offsets address {used} entries but indices has {indices.Length} and vectors {vectors.Length / 3}");
        return new NeighborList(cutoff, offsets, indices, vectors);
    }

    /// <summary>Atom count above which the O(N) cell-list construction is used.</summary>
    public const int CellListThreshold = 96;

    public static NeighborList Build(Configuration cfg, double cutoff) =>
        cfg.AtomCount > CellListThreshold ? BuildWithCellList(cfg, cutoff) : BuildBruteForce(cfg, cutoff);

    /// <summary>
    /// Reference construction: every pair (i, j) and every lattice translation n that can bring the
    /// pair within the cutoff. O(N²) per image; exact for any cell, positions need not be wrapped.
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static NeighborList BuildBruteForce(Configuration cfg, double cutoff)
    {
        var geometry = new CellGeometry(cfg.Cell);
        int n = cfg.AtomCount;
        var pos = cfg.Positions;
        var frac = geometry.ToFractional(pos);
        double rc2 = cutoff * cutoff;
        var offsets = new int[n + 1];
        var indices = new List<int>();
        var vectors = new List<double>();
        Span<int> lo = stackalloc int[3], hi = stackalloc int[3];
        var L = geometry.Lattice;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // Image range per direction: |f_j − f_i + n_d| ≤ Rc / h_d is necessary for |r_ij| < Rc.
                for (int d = 0; d < 3; d++)
                {
                    if (!geometry.Periodic[d]) { lo[d] = hi[d] = 0; continue; }
                    double df = frac[3 * j + d] - frac[3 * i + d];
                    double reach = cutoff / geometry.Heights[d];
                    lo[d] = (int)Math.Ceiling(-df - reach - 1e-9);
                    hi[d] = (int)Math.Floor(-df + reach + 1e-9);
                }
                for (int a = lo[0]; a <= hi[0]; a++)
                    for (int b = lo[1]; b <= hi[1]; b++)
                        for (int c = lo[2]; c <= hi[2]; c++)
                        {
                            if (i == j && a == 0 && b == 0 && c == 0) continue;
                            double x = pos[3 * j] - pos[3 * i] + a * L[0] + b * L[3] + c * L[6];
                            double y = pos[3 * j + 1] - pos[3 * i + 1] + a * L[1] + b * L[4] + c * L[7];
                            double z = pos[3 * j + 2] - pos[3 * i + 2] + a * L[2] + b * L[5] + c * L[8];
                            if (x * x + y * y + z * z < rc2)
                            {
                                indices.Add(j);
                                vectors.Add(x); vectors.Add(y); vectors.Add(z);
                            }
                        }
            }
            offsets[i + 1] = indices.Count;
        }
        return new NeighborList(cutoff, offsets, indices.ToArray(), vectors.ToArray());
    }

    /// <summary>
    /// O(N) construction: wrap atoms into the cell along periodic directions, add the periodic
    /// images that lie within Rc of the cell (ghosts), bin ghosts on a Cartesian grid of spacing ≥ Rc
    /// and search the 27 surrounding bins. Gives the same pair set as <see cref="BuildBruteForce"/>.
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static NeighborList BuildWithCellList(Configuration cfg, double cutoff)
    {
        var geometry = new CellGeometry(cfg.Cell);
        int n = cfg.AtomCount;
        var pos = cfg.Positions;
        var frac = geometry.ToFractional(pos);
        var L = geometry.Lattice;

        // Integer shift that wraps each atom into [0,1) along periodic directions.
        var wrap = new int[3 * n];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < 3; d++)
                wrap[3 * i + d] = geometry.Periodic[d] ? -(int)Math.Floor(frac[3 * i + d]) : 0;

        // Ghosts: images (atom j, translation t) whose wrapped fractional coordinate lies within reach of [0,1].
        var ghostAtom = new List<int>();
        var ghostPos = new List<double>();
        var ghostShiftIsWrap = new List<bool>();
        Span<int> range = stackalloc int[3];
        for (int d = 0; d < 3; d++) range[d] = geometry.Periodic[d] ? (int)Math.Ceiling(cutoff / geometry.Heights[d]) + 1 : 0;
        for (int j = 0; j < n; j++)
            for (int a = -range[0]; a <= range[0]; a++)
                for (int b = -range[1]; b <= range[1]; b++)
                    for (int c = -range[2]; c <= range[2]; c++)
                    {
                        int ta = a + wrap[3 * j], tb = b + wrap[3 * j + 1], tc = c + wrap[3 * j + 2];
                        bool inside = true;
                        Span<int> t = [ta, tb, tc];
                        for (int d = 0; d < 3 && inside; d++)
                        {
                            if (!geometry.Periodic[d]) continue;
                            double f = frac[3 * j + d] + t[d];
                            double reach = cutoff / geometry.Heights[d];
                            inside = f >= -reach - 1e-9 && f <= 1 + reach + 1e-9;
                        }
                        if (!inside) continue;
                        ghostAtom.Add(j);
                        ghostPos.Add(pos[3 * j] + ta * L[0] + tb * L[3] + tc * L[6]);
                        ghostPos.Add(pos[3 * j + 1] + ta * L[1] + tb * L[4] + tc * L[7]);
                        ghostPos.Add(pos[3 * j + 2] + ta * L[2] + tb * L[5] + tc * L[8]);
                        // Remember whether this ghost is atom j itself at the wrapped position (zero shift relative to i = j).
                        ghostShiftIsWrap.Add(a == 0 && b == 0 && c == 0);
                    }

        // Bin ghosts on a Cartesian grid.
        int g = ghostAtom.Count;
        Span<double> min = [double.MaxValue, double.MaxValue, double.MaxValue];
        Span<double> max = [double.MinValue, double.MinValue, double.MinValue];
        for (int k = 0; k < g; k++)
            for (int d = 0; d < 3; d++)
            {
                min[d] = Math.Min(min[d], ghostPos[3 * k + d]);
                max[d] = Math.Max(max[d], ghostPos[3 * k + d]);
            }
        Span<int> bins = stackalloc int[3];
        for (int d = 0; d < 3; d++) bins[d] = Math.Max(1, Math.Min(1024, (int)Math.Floor((max[d] - min[d]) / cutoff)));
        long binCount = (long)bins[0] * bins[1] * bins[2];
        var head = new int[binCount];
        Array.Fill(head, -1);
        var next = new int[g];
        var binOf = new int[3 * g];
        for (int k = 0; k < g; k++)
        {
            for (int d = 0; d < 3; d++)
                binOf[3 * k + d] = Math.Min(bins[d] - 1, (int)((ghostPos[3 * k + d] - min[d]) / (max[d] - min[d] + 1e-300) * bins[d]));
            long cell = ((long)binOf[3 * k] * bins[1] + binOf[3 * k + 1]) * bins[2] + binOf[3 * k + 2];
            next[k] = head[cell];
            head[cell] = k;
        }

        // Index of the zero-shift ghost of each atom (the wrapped atom itself) to serve as centre.
        var centre = new int[n];
        for (int k = 0; k < g; k++) if (ghostShiftIsWrap[k]) centre[ghostAtom[k]] = k;

        double rc2 = cutoff * cutoff;
        var offsets = new int[n + 1];
        var indices = new List<int>(n * 32);
        var vectors = new List<double>(n * 96);
        var found = new List<(int ghost, double x, double y, double z)>();
        for (int i = 0; i < n; i++)
        {
            int ci = centre[i];
            double px = ghostPos[3 * ci], py = ghostPos[3 * ci + 1], pz = ghostPos[3 * ci + 2];
            found.Clear();
            for (int da = -1; da <= 1; da++)
            {
                int ba = binOf[3 * ci] + da;
                if (ba < 0 || ba >= bins[0]) continue;
                for (int db = -1; db <= 1; db++)
                {
                    int bb = binOf[3 * ci + 1] + db;
                    if (bb < 0 || bb >= bins[1]) continue;
                    for (int dc = -1; dc <= 1; dc++)
                    {
                        int bc = binOf[3 * ci + 2] + dc;
                        if (bc < 0 || bc >= bins[2]) continue;
                        for (int k = head[((long)ba * bins[1] + bb) * bins[2] + bc]; k >= 0; k = next[k])
                        {
                            if (k == ci) continue;
                            double x = ghostPos[3 * k] - px, y = ghostPos[3 * k + 1] - py, z = ghostPos[3 * k + 2] - pz;
                            if (x * x + y * y + z * z < rc2) found.Add((k, x, y, z));
                        }
                    }
                }
            }
            // Canonical order (by ghost index) so the result does not depend on the bin traversal.
            found.Sort((p, q) => p.ghost.CompareTo(q.ghost));
            foreach (var (k, x, y, z) in found)
            {
                indices.Add(ghostAtom[k]);
                vectors.Add(x); vectors.Add(y); vectors.Add(z);
            }
            offsets[i + 1] = indices.Count;
        }
        return new NeighborList(cutoff, offsets, indices.ToArray(), vectors.ToArray());
    }
}
