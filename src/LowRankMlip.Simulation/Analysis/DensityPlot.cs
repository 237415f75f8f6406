using ScottPlot;

namespace LowRankMlip.Simulation.Analysis;

/// <summary>
/// density.png: density against temperature per model with block-average error bars, and the two experimental
/// FLiNaK correlations of flinak-teacher §6 as reference lines (the rigid-ion model is known to be ≈ 15 % light).
/// </summary>
public static class DensityPlot
{
    /// <summary>flinak-teacher §6: ρ = 2.579 − 6.24·10⁻⁴ T (933–1163 K, ±1 %).</summary>
    public static double ExperimentalDensity(double temperatureK) => 2.579 - 6.24e-4 * temperatureK;

    /// <summary>flinak-teacher §6: ρ = 2.729 − 7.3·10⁻⁴ T (INL/Janz, ≈ 773–1173 K).</summary>
    public static double JanzDensity(double temperatureK) => 2.729 - 7.3e-4 * temperatureK;

    public static void Write(string path, IReadOnlyList<DensityRow> rows, int width = 1000, int height = 700)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double tMin = Math.Min(700, rows.Count > 0 ? rows.Min(r => r.TemperatureK) : 700);
        double tMax = Math.Max(1300, rows.Count > 0 ? rows.Max(r => r.TemperatureK) : 1300);
        double[] line = [tMin, tMax];
        var experiment = plot.Add.Scatter(line, line.Select(ExperimentalDensity).ToArray());
        experiment.LegendText = "experiment 2.579 − 6.24e-4 T (§6)";
        experiment.LineStyle.Pattern = LinePattern.Dashed;
        experiment.MarkerSize = 0;
        experiment.Color = Colors.Black;
        var janz = plot.Add.Scatter(line, line.Select(JanzDensity).ToArray());
        janz.LegendText = "experiment 2.729 − 7.3e-4 T (§6)";
        janz.LineStyle.Pattern = LinePattern.Dotted;
        janz.MarkerSize = 0;
        janz.Color = Colors.Gray;
        int series = 0;
        foreach (var group in rows.GroupBy(r => r.Model))
        {
            var points = group.OrderBy(r => r.TemperatureK).ToList();
            double[] xs = points.Select(r => r.TemperatureK).ToArray();
            double[] ys = points.Select(r => r.Density).ToArray();
            var color = palette.GetColor(series++);
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = group.Key;
            scatter.Color = color;
            scatter.MarkerSize = 7;
            var bars = plot.Add.ErrorBar(xs, ys, points.Select(r => r.StandardError).ToArray());
            bars.Color = color;
        }
        plot.Title("FLiNaK density: rigid-ion teacher and fitted models (NPT, P = 0)");
        plot.XLabel("temperature (K)");
        plot.YLabel("density (g/cm³)");
        plot.ShowLegend(Edge.Right);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp.png");
        plot.SavePng(temp, width, height);
        File.Move(temp, full, overwrite: true);
    }
}
