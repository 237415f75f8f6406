using BenchmarkDotNet.Attributes;

namespace LowRankMlip.Perf;

/// <summary>
/// Neighbour-list construction (mtp-spec §2.2) at the cubic cutoff (5 Å): the first 32-atom cell of the
/// cubic set and its 4×4×4 replica (2048 atoms), brute force O(N²·images) vs cell list O(N).
/// <see cref="NeighborList.Build"/> switches at <see cref="NeighborList.CellListThreshold"/> atoms.
/// Allocates by design: the list is a fresh CSR object (offsets, indices, vectors) per call.
/// Kernel path does not matter here; run it with <c>--paths AVX-512</c>.
/// </summary>
public class NeighborListBenchmarks
{
    [Params(32, 2048)]
    public int Atoms;

    private Configuration _cfg = null!;
    private double _cutoff;

    [GlobalSetup]
    public void Setup()
    {
        var potential = PerfData.ReadPotential(PerfData.CubicPotential(16));
        _cutoff = potential.MaxDist;
        var cell = PerfData.ReadFirst(PerfData.CubicTraining, 1, potential)[0];
        int n = (int)Math.Round(Math.Cbrt(Atoms / (double)cell.AtomCount));
        _cfg = n <= 1 ? cell : PerfData.Replicate(cell, n);
        if (_cfg.AtomCount != Atoms) throw new InvalidOperationException($"expected {Atoms} atoms, built {_cfg.AtomCount}");
    }

    [Benchmark(Baseline = true)]
    public NeighborList BruteForce() => NeighborList.BuildBruteForce(_cfg, _cutoff);

    [Benchmark]
    public NeighborList CellList() => NeighborList.BuildWithCellList(_cfg, _cutoff);
}
