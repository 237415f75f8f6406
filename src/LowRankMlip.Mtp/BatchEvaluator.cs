using System.Collections.Concurrent;

namespace LowRankMlip.Mtp;

/// <summary>
/// Evaluates a stream of configurations on several threads and hands the results to a consumer in
/// input order. Configurations are read in chunks, so a data set larger than memory streams through;
/// every thread owns its workspace, and a configuration's result never depends on the thread count.
/// With more than one thread, reading the next chunk, evaluating the current one and consuming the
/// previous one overlap (three-stage pipeline); with one thread everything runs on the caller's thread.
/// </summary>
public sealed class BatchEvaluator
{
    private readonly IConfigurationEvaluator _evaluator;
    private readonly int _threads;

    public BatchEvaluator(IConfigurationEvaluator evaluator, int threads)
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
        if (_threads == 1) return RunSerial(input, transform, consume, _evaluator.CreateWorker());
        var pool = new ConcurrentBag<Action<Configuration, NeighborList, EfsResult>>(Enumerable.Range(0, _threads).Select(_ => _evaluator.CreateWorker()));

        // Three chunk buffers rotate through read → evaluate → consume.
        using var free = new BlockingCollection<Chunk<T>>();
        for (int b = 0; b < 3; b++) free.Add(new Chunk<T>(ChunkSize));
        using var read = new BlockingCollection<Chunk<T>>(1);
        using var evaluated = new BlockingCollection<Chunk<T>>(1);
        using var cancel = new CancellationTokenSource();
        int total = 0;

        // Dedicated threads: blocking stages on pool threads would starve Parallel.For (2-core machines).
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                using var e = input.GetEnumerator();
                while (true)
                {
                    var chunk = free.Take(cancel.Token);
                    chunk.Count = 0;
                    while (chunk.Count < ChunkSize && e.MoveNext()) chunk.Items[chunk.Count++] = e.Current;
                    if (chunk.Count == 0) break;
                    read.Add(chunk, cancel.Token);
                }
            }
            finally { read.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var writer = Task.Factory.StartNew(() =>
        {
            foreach (var chunk in evaluated.GetConsumingEnumerable(cancel.Token))
            {
                for (int k = 0; k < chunk.Count; k++)
                {
                    consume(total + k, chunk.Items[k], chunk.Results[k], chunk.Transformed[k]);
                    chunk.Items[k] = null!;
                    chunk.Transformed[k] = default!;
                }
                total += chunk.Count;
                free.Add(chunk);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var chunk in read.GetConsumingEnumerable(cancel.Token))
            {
                int count = chunk.Count;
                // Dynamic scheduling: the reader and writer threads share the cores, so a static split
                // would wait for whichever worker they delayed.
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                    () => pool.TryTake(out var worker) ? worker : _evaluator.CreateWorker(),
                    (k, _, worker) =>
                    {
                        EvaluateOne(chunk.Items[k], worker, chunk.Results[k]);
                        chunk.Transformed[k] = transform(chunk.Items[k], chunk.Results[k]);
                        return worker;
                    },
                    worker => pool.Add(worker));
                evaluated.Add(chunk, cancel.Token);
                if (writer.IsFaulted) break;
            }
            evaluated.CompleteAdding();
            Task.WaitAll(reader, writer);
        }
        catch (Exception e)
        {
            cancel.Cancel();
            if (!evaluated.IsAddingCompleted) evaluated.CompleteAdding();
            try { Task.WaitAll(reader, writer); } catch (AggregateException) { }
            // Report the first real failure (a malformed file, an unknown species), not the wrapper.
            var first = e is AggregateException a ? a.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e : e;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        return total;
    }

    private int RunSerial<T>(IEnumerable<Configuration> input, Func<Configuration, EfsResult, T> transform,
        Action<int, Configuration, EfsResult, T> consume, Action<Configuration, NeighborList, EfsResult> worker)
    {
        var result = new EfsResult();
        int index = 0;
        foreach (var cfg in input)
        {
            EvaluateOne(cfg, worker, result);
            consume(index++, cfg, result, transform(cfg, result));
        }
        return index;
    }

    private void EvaluateOne(Configuration cfg, Action<Configuration, NeighborList, EfsResult> worker, EfsResult result) =>
        worker(cfg, NeighborList.Build(cfg, _evaluator.Cutoff), result);

    private sealed class Chunk<T>(int size)
    {
        public readonly Configuration[] Items = new Configuration[size];
        public readonly EfsResult[] Results = Enumerable.Range(0, size).Select(_ => new EfsResult()).ToArray();
        public readonly T[] Transformed = new T[size];
        public int Count;
    }
}
