using BenchmarkDotNet.Attributes;
using LowRankMlip.Ace;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// <see cref="AceEvaluator.Evaluate(Configuration, NeighborList, AceWorkspace, EfsResult)"/> of one cell with a warm
/// workspace, on the dense (n, l) path and on the latent (mu-view) path. <c>Model</c> = <c>Case/dense</c> (the
/// shipped file, latent path off) or <c>Case/rN</c> (crad truncated to mu rank N by svd, latent path on;
/// InP/r3 is the shipped file, whose live crad has mu rank 3). Cases: <c>InP</c> (InP_pot.yace, zinc blende
/// 2×2×2, a = 5.87 Å, 64 atoms) and <c>AlNi</c> (Al-Ni_opt_all.yace, fcc 3×3×3, a = 4.05 Å, every fourth site
/// Ni, 108 atoms), each with a seeded ±0.05 Å rattle.
/// </summary>
[MemoryDiagnoser]
public class AceEvaluatorBenchmarks
{
    public static IEnumerable<string> Models => ["InP/dense", "InP/r3", "InP/r2", "InP/r1", "AlNi/dense", "AlNi/r1"];

    [ParamsSource(nameof(Models))]
    public string Model = "";

    private AceEvaluator _evaluator = null!;
    private Configuration _cfg = null!;
    private NeighborList _list = null!;
    private AceWorkspace _ws = null!;
    private readonly EfsResult _result = new();

    [GlobalSetup]
    public void Setup()
    {
        var parts = Model.Split('/');
        bool inp = parts[0] == "InP";
        var potential = YaceFile.Read(PerfData.Path("ace", inp ? "InP_pot.yace" : "Al-Ni_opt_all.yace"));
        bool dense = parts[1] == "dense";
        int rank = dense ? 0 : int.Parse(parts[1][1..], System.Globalization.CultureInfo.InvariantCulture);
        if (!dense && !(inp && rank == 3))
            potential = AceRadialTruncation.Truncate(potential, AceRadialTruncation.Manifold(potential, RadialView.Mu, [rank]));
        _evaluator = new AceEvaluator(potential, KernelPath.Auto, allowLatent: !dense);
        if (!dense && _evaluator.LatentRank != rank) throw new InvalidOperationException($"{Model}: latent rank {_evaluator.LatentRank}, expected {rank}");
        _cfg = inp ? Crystal(5.87, 2, [[0, 0, 0, 0], [0, 0, 0.5, 0.5], [0, 0.5, 0, 0.5], [0, 0.5, 0.5, 0], [1, 0.25, 0.25, 0.25], [1, 0.25, 0.75, 0.75], [1, 0.75, 0.25, 0.75], [1, 0.75, 0.75, 0.25]])
                   : Crystal(4.05, 3, [[1, 0, 0, 0], [0, 0, 0.5, 0.5], [0, 0.5, 0, 0.5], [0, 0.5, 0.5, 0]]);
        _list = NeighborList.Build(_cfg, _evaluator.Cutoff);
        _ws = _evaluator.CreateWorkspace();
        _evaluator.Evaluate(_cfg, _list, _ws, _result); // warm the grow-only buffers
        Console.WriteLine($"// {Model}: {_cfg.AtomCount} atoms, {_list.PairCount} pairs, path {KernelDispatch.Describe(_evaluator.Path)}, {_evaluator.EvaluationPathDescription}");
    }

    [Benchmark]
    public double Evaluate()
    {
        _evaluator.Evaluate(_cfg, _list, _ws, _result);
        return _result.Energy;
    }

    /// <summary>A cubic cell of edge <paramref name="a"/> replicated n×n×n; basis rows (type, fractional x, y, z); seeded rattle.</summary>
    private static Configuration Crystal(double a, int n, double[][] basis)
    {
        var rng = new Random(7);
        var types = new List<int>();
        var positions = new List<double>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                    foreach (var site in basis)
                    {
                        types.Add((int)site[0]);
                        positions.Add((i + site[1]) * a + 0.1 * (rng.NextDouble() - 0.5));
                        positions.Add((j + site[2]) * a + 0.1 * (rng.NextDouble() - 0.5));
                        positions.Add((k + site[3]) * a + 0.1 * (rng.NextDouble() - 0.5));
                    }
        double edge = n * a;
        return new Configuration(Cell.Periodic([edge, 0, 0, 0, edge, 0, 0, 0, edge]), [.. types], [.. positions]);
    }
}
