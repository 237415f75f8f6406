using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// The moment contraction (times list, forward energy and reverse adjoints) across a batch of atoms.
/// To compare paths per atom, one invocation always covers 8 atoms: one Lane512 batch, two Lane256
/// batches or eight Lane1 "batches". Basic moments are the real ones of 8 seeded atoms of the cubic set.
/// </summary>
[DisassemblyDiagnoser(maxDepth: 2, exportGithubMarkdown: true)]
public class ContractionBenchmarks
{
    public const int Atoms = 8;

    [Params(10, 16, 20, 24)]
    public int Level;

    private KernelFixture _fx = null!;
    private double[][] _moments = [];
    private double[][] _adjoint = [];
    private readonly double[] _energy = new double[16];

    [GlobalSetup]
    public void Setup()
    {
        _fx = new KernelFixture(Level);
        var t = _fx.Tables;
        int w = _fx.Lanes, batches = Atoms / w;
        _moments = new double[batches][];
        _adjoint = new double[batches][];
        var rng = new Random(PerfData.Seed);
        var site = new double[t.BasicCount];
        for (int b = 0; b < batches; b++)
        {
            _moments[b] = new double[t.MomentCount * w];
            _adjoint[b] = new double[t.MomentCount * w];
            for (int l = 0; l < w; l++)
            {
                var (c, atom) = _fx.Pick(rng);
                var (block, scratch, centre) = _fx.Gather(c, atom);
                _fx.Prepare(block, scratch, centre);
                _fx.Accumulate(block, scratch, site);
                for (int m = 0; m < t.BasicCount; m++) _moments[b][m * w + l] = site[m];
            }
        }
        Console.WriteLine($"// Level {Level}: path {KernelDispatch.Describe(KernelPath.Auto)}, {batches} batch(es) of {w}, " +
                          $"{t.MomentCount} moments, {t.TimesI.Length} times rows, {t.Mapping.Length} scalars");
    }

    [Benchmark]
    public double ForwardReverse()
    {
        var t = _fx.Tables;
        var theta = _fx.Potential.MomentCoeffs!;
        double sum = 0;
        for (int b = 0; b < _moments.Length; b++)
        {
            switch (KernelDispatch.Best)
            {
                case KernelPath.Vector512:
                    Contraction.Forward<Lane512, Vector512<double>>(t, _moments[b], theta, _energy.AsSpan(0, 8));
                    Contraction.Reverse<Lane512, Vector512<double>>(t, _moments[b], theta, _adjoint[b]);
                    break;
                case KernelPath.Vector256:
                    Contraction.Forward<Lane256, Vector256<double>>(t, _moments[b], theta, _energy.AsSpan(0, 4));
                    Contraction.Reverse<Lane256, Vector256<double>>(t, _moments[b], theta, _adjoint[b]);
                    break;
                default:
                    Contraction.Forward<Lane1, double>(t, _moments[b], theta, _energy.AsSpan(0, 1));
                    Contraction.Reverse<Lane1, double>(t, _moments[b], theta, _adjoint[b]);
                    break;
            }
            sum += _energy[0] + _adjoint[b][0];
        }
        return sum;
    }
}
