namespace LowRankMlip.Training;

/// <summary>
/// Load balance that keeps sums reproducible. Items [0, n) are dealt into a fixed number of interleaved
/// blocks (block b holds b, b + B, b + 2B, …: callers loop `for (k = b; k &lt; n; k += B)`) that depends only on n and the thread count; each worker takes
/// the next free block from a shared counter, and every block accumulates into a buffer of its own, which
/// the caller sums in block order. A thread that the host slows down therefore runs fewer blocks instead
/// of holding the other threads up at the end of the region (a static half-and-half split made two-thread
/// training wait ≈ 20 % of the time on shared vCPUs), and the result is the same whichever thread ran
/// which block.
/// </summary>
public static class BlockSchedule
{
    // Enough blocks that the last one to finish is a few percent of a region; few enough that the
    // per-block buffers (gradients, normal equations) stay cheap to clear and sum.
    private const int BlocksPerThread = 12;

    /// <summary>Number of blocks for <paramref name="items"/> items on <paramref name="threads"/> threads (1 on one thread).</summary>
    public static int BlockCount(int items, int threads) => threads <= 1 ? 1 : Math.Max(1, Math.Min(items, BlocksPerThread * threads));

    /// <summary>Runs <paramref name="body"/>(worker, block) once for every block, blocks handed out dynamically to <paramref name="threads"/> workers.</summary>
    public static void Run(int threads, int blocks, Action<int, int> body)
    {
        if (threads <= 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++) body(0, b);
            return;
        }
        int next = -1;
        Parallel.For(0, Math.Min(threads, blocks), new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            for (int b = Interlocked.Increment(ref next); b < blocks; b = Interlocked.Increment(ref next)) body(worker, b);
        });
    }
}
