namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// Verlet neighbour list with a skin for MD: candidate pairs (atom, neighbour, lattice image) within
/// r_c + skin are found with <see cref="NeighborList.Build"/>; every step <see cref="Update"/> recomputes the
/// vectors r_ij = r_j + n·L − r_i of the candidates and keeps those strictly inside r_c, in place, in a
/// <see cref="NeighborList"/> over reused arrays (MLIP semantics, as the providers expect). The candidates are
/// rebuilt when an atom has moved more than the skin allows; an isotropic cell rescaling (barostat) is
/// accounted for, any other cell change forces a rebuild.
/// </summary>
public sealed class VerletList
{
    private readonly double _cutoff;
    private readonly double _skin;
    private int[] _candidateStart = [];
    private int[] _candidateIndex = [];
    private int[] _candidateImage = [];   // 3 lattice-image integers per candidate
    private double[] _referencePositions = [];
    private double[] _referenceLattice = new double[9];
    private double _referenceVolume;
    private int[] _offsets = [];
    private int[] _indices = [];
    private double[] _vectors = [];

    public VerletList(double cutoff, double skin)
    {
        if (!(cutoff > 0)) throw new ArgumentException($"the neighbour cutoff must be positive, got {cutoff}");
        if (!(skin >= 0)) throw new ArgumentException($"the neighbour skin must be ≥ 0, got {skin}");
        _cutoff = cutoff;
        _skin = skin;
    }

    /// <summary>The current list (valid after <see cref="Update"/>).</summary>
    public NeighborList List { get; private set; } = null!;

    /// <summary>How many times the candidates were rebuilt.</summary>
    public int RebuildCount { get; private set; }

    /// <summary>Brings the list up to date with the positions and cell of <paramref name="cfg"/>.</summary>
    public void Update(Configuration cfg)
    {
        if (List is null || NeedsRebuild(cfg)) Rebuild(cfg);
        Refresh(cfg);
    }

    private bool NeedsRebuild(Configuration cfg)
    {
        if (cfg.AtomCount != _referencePositions.Length / 3) return true;
        // The isotropic scale s between the reference cell and now; anything else is a new cell.
        double s = Math.Cbrt(cfg.Cell.Volume / _referenceVolume);
        var lattice = cfg.Cell.Vectors;
        for (int k = 0; k < 9; k++)
            if (Math.Abs(lattice[k] - s * _referenceLattice[k]) > 1e-9 * (1 + Math.Abs(lattice[k]))) return true;
        // In the reference frame (positions / s) a missed pair had distance ≥ rc + skin − 2·max|u|; now it is s times that.
        double maxDisplacement2 = 0;
        var p = cfg.Positions;
        for (int k = 0; k < p.Length; k += 3)
        {
            double dx = p[k] / s - _referencePositions[k], dy = p[k + 1] / s - _referencePositions[k + 1], dz = p[k + 2] / s - _referencePositions[k + 2];
            maxDisplacement2 = Math.Max(maxDisplacement2, dx * dx + dy * dy + dz * dz);
        }
        return s * (_cutoff + _skin - 2 * Math.Sqrt(maxDisplacement2)) <= _cutoff;
    }

    private void Rebuild(Configuration cfg)
    {
        var full = NeighborList.Build(cfg, _cutoff + _skin);
        int n = cfg.AtomCount, count = full.PairCount;
        _candidateStart = full.Offsets;
        _candidateIndex = full.Indices;
        _candidateImage = new int[3 * count];
        Span<double> inverse = stackalloc double[9];
        LatticeMath.Invert(cfg.Cell.Vectors, inverse);
        var p = cfg.Positions;
        for (int i = 0; i < n; i++)
            for (int e = full.Offsets[i]; e < full.Offsets[i + 1]; e++)
            {
                int j = full.Indices[e];
                // n = (r_ij − (r_j − r_i)) · L⁻¹, an integer triple.
                double sx = full.Vectors[3 * e] - (p[3 * j] - p[3 * i]);
                double sy = full.Vectors[3 * e + 1] - (p[3 * j + 1] - p[3 * i + 1]);
                double sz = full.Vectors[3 * e + 2] - (p[3 * j + 2] - p[3 * i + 2]);
                for (int d = 0; d < 3; d++)
                    _candidateImage[3 * e + d] = (int)Math.Round(sx * inverse[d] + sy * inverse[3 + d] + sz * inverse[6 + d]);
            }
        _referencePositions = (double[])p.Clone();
        Array.Copy(cfg.Cell.Vectors, _referenceLattice, 9);
        _referenceVolume = cfg.Cell.Volume;
        if (_offsets.Length != n + 1) _offsets = new int[n + 1];
        if (_indices.Length < count) { _indices = new int[count]; _vectors = new double[3 * count]; }
        List = NeighborList.FromArrays(_cutoff, _offsets, _indices, _vectors);
        RebuildCount++;
    }

    // Hot loop: JIT fully optimized on first call.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Refresh(Configuration cfg)
    {
        var p = cfg.Positions;
        var L = cfg.Cell.Vectors;
        double rc2 = _cutoff * _cutoff;
        int n = cfg.AtomCount, used = 0;
        for (int i = 0; i < n; i++)
        {
            _offsets[i] = used;
            for (int e = _candidateStart[i]; e < _candidateStart[i + 1]; e++)
            {
                int j = _candidateIndex[e];
                int a = _candidateImage[3 * e], b = _candidateImage[3 * e + 1], c = _candidateImage[3 * e + 2];
                double x = p[3 * j] - p[3 * i] + a * L[0] + b * L[3] + c * L[6];
                double y = p[3 * j + 1] - p[3 * i + 1] + a * L[1] + b * L[4] + c * L[7];
                double z = p[3 * j + 2] - p[3 * i + 2] + a * L[2] + b * L[5] + c * L[8];
                if (x * x + y * y + z * z >= rc2) continue;
                _indices[used] = j;
                _vectors[3 * used] = x; _vectors[3 * used + 1] = y; _vectors[3 * used + 2] = z;
                used++;
            }
        }
        _offsets[n] = used;
    }
}
