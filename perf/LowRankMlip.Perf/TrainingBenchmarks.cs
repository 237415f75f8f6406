using BenchmarkDotNet.Attributes;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// One training-gradient pass of one configuration (mtp-spec §5.5: forward-over-reverse with the force
/// and virial residual field), next to the plain evaluation it builds on, with a warm workspace (0 B).
/// Residual weights are fixed, seeded values. Cases as in <see cref="EvaluatorBenchmarks"/>.
/// </summary>
public class TrainingBenchmarks
{
    [Params("Cubic10", "Cubic16", "Cubic20", "Quaternary14")]
    public string Case = "";

    private MtpEvaluator _evaluator = null!;
    private Configuration _cfg = null!;
    private NeighborList _list = null!;
    private EvaluatorWorkspace _ws = null!;
    private double[] _lambda = [];
    private readonly double[] _mu = new double[9];
    private double[] _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        var (potential, configuration) = PerfData.LoadCase(Case);
        _cfg = configuration;
        _evaluator = new MtpEvaluator(potential, KernelPath.Auto);
        _list = NeighborList.Build(_cfg, _evaluator.Cutoff);
        _ws = _evaluator.CreateWorkspace();
        var rng = new Random(1);
        _lambda = Enumerable.Range(0, 3 * _cfg.AtomCount).Select(_ => 1e-3 * (rng.NextDouble() - 0.5)).ToArray();
        for (int k = 0; k < 9; k++) _mu[k] = 1e-5 * (rng.NextDouble() - 0.5);
        _gradient = new double[potential.TotalParameterCount];
        _evaluator.AccumulateParameterGradient(_cfg, _list, _ws, 1e-3, _lambda, _mu, _gradient); // warm the buffers
    }

    /// <summary>Evaluation (E, F, W) followed by the parameter gradient: one configuration's share of a loss+gradient evaluation.</summary>
    [Benchmark]
    public double LossGradient()
    {
        var result = _result;
        _evaluator.Evaluate(_cfg, _list, _ws, result);
        Array.Clear(_gradient);
        _evaluator.AccumulateParameterGradient(_cfg, _list, _ws, 1e-3, _lambda, _mu, _gradient);
        return _gradient[0] + result.Energy;
    }

    /// <summary>
    /// The linear solve's share per configuration (mtp-spec §11.4): per-basis-function E, F, W columns by
    /// forward-mode tangents. Variable projection pays this at every loss evaluation, next to LossGradient.
    /// </summary>
    [Benchmark]
    public double LinearDesign()
    {
        _evaluator.ComputeLinearDesign(_cfg, _list, _ws, _design);
        return _design.Energy[0];
    }

    private readonly EfsResult _result = new();
    private readonly LinearDesign _design = new();
}
