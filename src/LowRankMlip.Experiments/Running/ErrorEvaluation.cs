using System.Diagnostics;
using LowRankMlip.Mtp;

namespace LowRankMlip.Experiments.Running;

/// <summary>
/// Errors and evaluation speed of a potential on a data set: MLIP-3's error statistics (mtp-spec §10, the
/// numbers of lrmlip calc-errors) and the single-thread E+F+W time per atom (neighbour lists built beforehand,
/// as lrmlip bench measures it).
/// </summary>
public static class ErrorEvaluation
{
    /// <summary>Error statistics of <paramref name="evaluator"/> on <paramref name="data"/> (predictions in parallel, input order kept).</summary>
    public static ErrorStatistics Compute(IConfigurationEvaluator evaluator, IEnumerable<Configuration> data, int threads)
    {
        var stats = new ErrorStatistics();
        new BatchEvaluator(evaluator, threads).Run(data, (_, cfg, r) =>
            stats.Add(cfg, r.Energy, r.Forces.AsSpan(0, 3 * cfg.AtomCount), r.VirialMlipOrder()));
        return stats;
    }

    /// <summary>
    /// Median over <paramref name="passes"/> timed passes (after one warm-up pass) of the E+F+W wall time per
    /// atom on one thread, µs. <paramref name="lists"/> are the neighbour lists of <paramref name="data"/> for this cutoff.
    /// </summary>
    public static double MicrosecondsPerAtom(MtpEvaluator evaluator, IReadOnlyList<Configuration> data, IReadOnlyList<NeighborList> lists, int passes = 3)
    {
        long atoms = data.Sum(c => (long)c.AtomCount);
        if (atoms == 0) return double.NaN;
        var workspace = evaluator.CreateWorkspace();
        var result = new EfsResult();
        void Pass()
        {
            for (int k = 0; k < data.Count; k++) evaluator.Evaluate(data[k], lists[k], workspace, result);
        }
        Pass();
        var times = new double[passes];
        for (int p = 0; p < passes; p++)
        {
            var clock = Stopwatch.StartNew();
            Pass();
            times[p] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[passes / 2] / atoms * 1e6;
    }
}
