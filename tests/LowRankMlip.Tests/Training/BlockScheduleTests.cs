using System.Collections.Concurrent;
using LowRankMlip.Training;

namespace LowRankMlip.Tests.Training;

/// <summary>The dynamic block schedule behind the parallel loss and normal equations.</summary>
public class BlockScheduleTests
{
    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 300)]
    [InlineData(3, 7)]
    [InlineData(4, 1)]
    public void EveryBlockRunsOnceOnAValidWorkerAndBlocksCoverEveryItemOnce(int threads, int items)
    {
        int blocks = BlockSchedule.BlockCount(items, threads);
        Assert.InRange(blocks, 1, items);
        if (threads == 1) Assert.Equal(1, blocks);
        var runs = new ConcurrentBag<(int worker, int block)>();
        BlockSchedule.Run(threads, blocks, (w, b) => runs.Add((w, b)));
        Assert.Equal(Enumerable.Range(0, blocks), runs.Select(r => r.block).Order());
        Assert.All(runs, r => Assert.InRange(r.worker, 0, threads - 1));
        var covered = Enumerable.Range(0, blocks).SelectMany(b => Enumerable.Range(0, items).Where(k => k % blocks == b)).Order();
        Assert.Equal(Enumerable.Range(0, items), covered);
    }

    [Fact]
    public void BlockSumsAreTheSameWhicheverWorkerRanTheBlocks()
    {
        // Rounding-sensitive terms: a sum whose value depends on the order of addition.
        var values = Enumerable.Range(0, 1000).Select(i => Math.Pow(-1.1, i % 37) * (1 + 1e-9 * i)).ToArray();
        double Sum(int threads, bool slowFirstWorker)
        {
            int blocks = BlockSchedule.BlockCount(values.Length, threads);
            var partial = new double[blocks];
            BlockSchedule.Run(threads, blocks, (w, b) =>
            {
                if (slowFirstWorker && w == 0) Thread.Sleep(1);
                for (int k = b; k < values.Length; k += blocks) partial[b] += values[k];
            });
            return partial.Sum();
        }
        double reference = Sum(2, false);
        Assert.Equal(reference, Sum(2, true));
        Assert.Equal(reference, Sum(2, false));
        Assert.Equal(Sum(3, false), Sum(3, true));
    }
}
