namespace LowRankMlip.Mtp;

/// <summary>
/// Evaluates a stream of configurations on several threads and hands the results to a consumer in
/// input order. Configurations are read in chunks, so a data set larger than memory streams through;
/// every thread owns its workspace, and a configuration's result never depends on the thread count.
/// </summary>
public sealed class BatchEvaluator
{
    private readonly MtpEvaluator _evaluator;
    private readonly int _threads;

    public BatchEvaluator(MtpEvaluator evaluator, int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "need at least one thread");
        _evaluator = evaluator;
        _threads = threads;
    }

    /// <summary>Number of configurations evaluated per parallel round.</summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>Runs the batch; <paramref name="consume"/> sees (index, configuration, result) in input order.</summary>
    public int Run(IEnumerable<Configuration> input, Action<int, Configuration, EfsResult> consume) =>
        Run<object?>(input, static (_, _) => null, (i, c, r, _) => consume(i, c, r));

    /// <summary>
    /// Runs the batch with a per-configuration <paramref name="transform"/> executed on the worker threads
    /// right after evaluation (e.g. formatting output text), then <paramref name="consume"/> in input order.
    /// </summary>
    public int Run<T>(IEnumerable<Configuration> input, Func<Configuration, EfsResult, T> transform, Action<int, Configuration, EfsResult, T> consume)
    {
        var transformed = new T[ChunkSize];
        var workspaces = Enumerable.Range(0, _threads).Select(_ => _evaluator.CreateWorkspace()).ToArray();
        var chunk = new Configuration[ChunkSize];
        var results = Enumerable.Range(0, ChunkSize).Select(_ => new EfsResult()).ToArray();
        int total = 0;
        using var e = input.GetEnumerator();
        while (true)
        {
            int count = 0;
            while (count < ChunkSize && e.MoveNext()) chunk[count++] = e.Current;
            if (count == 0) break;
            if (_threads == 1 || count == 1)
            {
                for (int k = 0; k < count; k++)
                {
                    EvaluateOne(chunk[k], workspaces[0], results[k]);
                    transformed[k] = transform(chunk[k], results[k]);
                }
            }
            else
            {
                int workers = Math.Min(_threads, count);
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                {
                    for (int k = w; k < count; k += workers)
                    {
                        EvaluateOne(chunk[k], workspaces[w], results[k]);
                        transformed[k] = transform(chunk[k], results[k]);
                    }
                });
            }
            for (int k = 0; k < count; k++)
            {
                consume(total + k, chunk[k], results[k], transformed[k]);
                chunk[k] = null!;
                transformed[k] = default!;
            }
            total += count;
        }
        return total;
    }

    private void EvaluateOne(Configuration cfg, EvaluatorWorkspace ws, EfsResult result) =>
        _evaluator.Evaluate(cfg, NeighborList.Build(cfg, _evaluator.Cutoff), ws, result);
}
