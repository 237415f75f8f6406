using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// The three per-atom neighbour kernels (mtp-spec §4.1, §5.1–5.2) on one real neighbourhood of the
/// cubic training set (Cu, 32-atom cells; the picked atom's neighbour count, padded to the lane count,
/// is printed by the setup). The kernel width is the process's <see cref="KernelDispatch.Best"/>, so
/// the AVX-512 / AVX2 / Scalar jobs compare Lane512 / Lane256 / Lane1.
/// </summary>
[DisassemblyDiagnoser(maxDepth: 2, exportGithubMarkdown: true)]
public class NeighbourKernelBenchmarks
{
    [Params(10, 16, 20, 24)]
    public int Level;

    private KernelFixture _fx = null!;
    private NeighbourBlock _block = null!;
    private NeighbourScratch _scratch = null!;
    private int _centre;
    private double[] _moments = [];
    private double[] _adjoint = [];

    [GlobalSetup]
    public void Setup()
    {
        _fx = new KernelFixture(Level);
        var rng = new Random(PerfData.Seed);
        var (c, atom) = _fx.Pick(rng);
        (_block, _scratch, _centre) = _fx.Gather(c, atom);
        _moments = new double[_fx.Tables.BasicCount];
        _adjoint = new double[_fx.Tables.BasicCount];
        for (int n = 0; n < _adjoint.Length; n++) _adjoint[n] = rng.NextDouble() - 0.5;
        _fx.Prepare(_block, _scratch, _centre);
        _fx.Accumulate(_block, _scratch, _moments);
        Console.WriteLine($"// Level {Level}: path {KernelDispatch.Describe(KernelPath.Auto)}, configuration {c}, atom {atom}, " +
                          $"{_fx.Configurations[c].List.CountOf(atom)} neighbours in {_block.SlotCount} slots, " +
                          $"{_fx.Tables.BasicCount} basic moments, {_fx.Tables.MonomialCount} monomials");
    }

    [Benchmark]
    public double Prepare()
    {
        switch (KernelDispatch.Best)
        {
            case KernelPath.Vector512: NeighbourKernels.Prepare<Lane512, Vector512<double>>(_block, _scratch, _fx.Tables, _fx.ScaledCoeffs, _centre, _fx.Potential.SpeciesCount, _fx.Potential.RadialBasisSize, _fx.Radial, _fx.Repulsive); break;
            case KernelPath.Vector256: NeighbourKernels.Prepare<Lane256, Vector256<double>>(_block, _scratch, _fx.Tables, _fx.ScaledCoeffs, _centre, _fx.Potential.SpeciesCount, _fx.Potential.RadialBasisSize, _fx.Radial, _fx.Repulsive); break;
            default: NeighbourKernels.Prepare<Lane1, double>(_block, _scratch, _fx.Tables, _fx.ScaledCoeffs, _centre, _fx.Potential.SpeciesCount, _fx.Potential.RadialBasisSize, _fx.Radial, _fx.Repulsive); break;
        }
        return _scratch.F[0];
    }

    [Benchmark]
    public double AccumulateMoments()
    {
        switch (KernelDispatch.Best)
        {
            case KernelPath.Vector512: NeighbourKernels.AccumulateMoments<Lane512, Vector512<double>>(_block, _scratch, _fx.Tables, _moments); break;
            case KernelPath.Vector256: NeighbourKernels.AccumulateMoments<Lane256, Vector256<double>>(_block, _scratch, _fx.Tables, _moments); break;
            default: NeighbourKernels.AccumulateMoments<Lane1, double>(_block, _scratch, _fx.Tables, _moments); break;
        }
        return _moments[0];
    }

    [Benchmark]
    public double Backward()
    {
        switch (KernelDispatch.Best)
        {
            case KernelPath.Vector512: NeighbourKernels.Backward<Lane512, Vector512<double>>(_block, _scratch, _fx.Tables, _adjoint); break;
            case KernelPath.Vector256: NeighbourKernels.Backward<Lane256, Vector256<double>>(_block, _scratch, _fx.Tables, _adjoint); break;
            default: NeighbourKernels.Backward<Lane1, double>(_block, _scratch, _fx.Tables, _adjoint); break;
        }
        return _scratch.Gx[0];
    }
}
