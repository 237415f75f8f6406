using BenchmarkDotNet.Attributes;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// Whole <see cref="MtpEvaluator.Evaluate(Configuration, NeighborList, EvaluatorWorkspace, EfsResult)"/>
/// of one configuration with a warm, reused workspace and result: must allocate 0 B.
/// Cases: <c>Cubic10..Cubic24</c> = the first configuration of the cubic set (Cu, 32 atoms) with the
/// cubic potential of that level; <c>Quaternary14</c> = the first Multinary_Test.json configuration
/// (Nb-Mo-Ta-W) with the level-14 quaternary potential of Yin et al. 2021. The neighbour list is built in the setup.
/// </summary>
public class EvaluatorBenchmarks
{
    [Params("Cubic10", "Cubic16", "Cubic20", "Cubic24", "Quaternary14")]
    public string Case = "";

    private MtpEvaluator _evaluator = null!;
    private Configuration _cfg = null!;
    private NeighborList _list = null!;
    private EvaluatorWorkspace _ws = null!;
    private readonly EfsResult _result = new();

    [GlobalSetup]
    public void Setup()
    {
        var (potential, configuration) = PerfData.LoadCase(Case);
        _cfg = configuration;
        _evaluator = new MtpEvaluator(potential, KernelPath.Auto);
        _list = NeighborList.Build(_cfg, _evaluator.Cutoff);
        _ws = _evaluator.CreateWorkspace();
        _evaluator.Evaluate(_cfg, _list, _ws, _result); // warm the grow-only buffers
        Console.WriteLine($"// {Case}: level {potential.Level}, {_cfg.AtomCount} atoms, {_list.PairCount} pairs, path {KernelDispatch.Describe(_evaluator.Path)}");
    }

    [Benchmark]
    public double Evaluate()
    {
        _evaluator.Evaluate(_cfg, _list, _ws, _result);
        return _result.Energy;
    }
}
