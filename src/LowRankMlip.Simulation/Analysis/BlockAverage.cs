namespace LowRankMlip.Simulation.Analysis;

/// <summary>
/// Mean and standard error of a correlated time series by block averaging (Flyvbjerg–Petersen): the series is
/// cut into B equal consecutive blocks, and the error is the standard deviation of the block means over √B.
/// With blocks longer than the correlation time the block means are independent, so the error is honest.
/// </summary>
public static class BlockAverage
{
    public static (double Mean, double StandardError) Compute(IReadOnlyList<double> series, int blocks = 10)
    {
        if (blocks < 2) throw new ArgumentException($"block averaging needs at least 2 blocks, got {blocks}");
        if (series.Count < blocks) throw new ArgumentException($"{series.Count} samples cannot fill {blocks} blocks; run longer or log more often");
        int size = series.Count / blocks;
        var means = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            double sum = 0;
            for (int k = 0; k < size; k++) sum += series[b * size + k];
            means[b] = sum / size;
        }
        double mean = means.Average();
        double variance = means.Sum(m => (m - mean) * (m - mean)) / (blocks - 1);
        return (mean, Math.Sqrt(variance / blocks));
    }
}
