using LowRankMlip.Simulation.Analysis;
using LowRankMlip.Simulation.Dynamics;

namespace LowRankMlip.Tests.Simulation;

/// <summary>Block averaging and the density table (merge, deviation from the teacher, CSV round trip).</summary>
public class DensityAnalysisTests
{
    [Fact]
    public void BlockErrorOfIndependentSamplesIsSigmaOverRootN()
    {
        var random = new SimulationRandom(21);
        var series = Enumerable.Range(0, 20000).Select(_ => 2.0 + 0.1 * random.NextGaussian()).ToList();
        var (mean, error) = BlockAverage.Compute(series, 20);
        double expected = 0.1 / Math.Sqrt(series.Count);
        Assert.InRange(error, 0.6 * expected, 1.4 * expected);
        Assert.InRange(mean, 2.0 - 4 * expected, 2.0 + 4 * expected);
    }

    [Fact]
    public void BlockErrorSeesCorrelation()
    {
        // AR(1) with φ = 0.99: the naive σ/√n underestimates the error by √((1+φ)/(1−φ)) ≈ 14.
        var random = new SimulationRandom(22);
        var series = new List<double>();
        double x = 0;
        for (int k = 0; k < 50000; k++) series.Add(x = 0.99 * x + random.NextGaussian());
        double sigma = Math.Sqrt(series.Average(v => v * v) - Math.Pow(series.Average(), 2));
        var (_, error) = BlockAverage.Compute(series, 10);
        Assert.True(error > 5 * sigma / Math.Sqrt(series.Count), $"block error {error} vs naive {sigma / Math.Sqrt(series.Count)}");
    }

    [Fact]
    public void TooFewSamplesIsAClearError() =>
        Assert.Contains("cannot fill", Assert.Throws<ArgumentException>(() => BlockAverage.Compute([1.0, 2.0], 10)).Message);

    [Fact]
    public void TableMergesRowsAndComputesDeviationFromTheTeacher()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lrmlip-density-{Guid.NewGuid():N}.csv");
        try
        {
            DensityTable.Write(path, DensityTable.Merge([], [new DensityRow("full", 1000, 1.68, 0.002), new DensityRow("teacher", 1000, 1.60, 0.001)]));
            var merged = DensityTable.Merge(DensityTable.Read(path), [new DensityRow("teacher", 1000, 1.70, 0.001), new DensityRow("teacher", 1100, 1.65, 0.001)]);
            DensityTable.Write(path, merged);
            var lines = File.ReadAllLines(path);
            Assert.Equal(DensityTable.Header, lines[0]);
            Assert.Equal("teacher,1000,1.70000,0.00100,0.000", lines[1]);
            Assert.Equal("teacher,1100,1.65000,0.00100,0.000", lines[2]);
            Assert.Equal("full,1000,1.68000,0.00200,-1.176", lines[3]);
            Assert.Equal(4, lines.Length);
            // A run that went unstable drops its old row.
            var pruned = DensityTable.Merge(DensityTable.Read(path), [], [("full", 1000.0)]);
            Assert.DoesNotContain(pruned, r => r.Model == "full");
        }
        finally { File.Delete(path); }
    }
}
