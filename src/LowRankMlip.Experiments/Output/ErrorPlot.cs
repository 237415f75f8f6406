using ScottPlot;

namespace LowRankMlip.Experiments.Output;

/// <summary>
/// errors-vs-params.png (issue 5 §4): test energy RMSE (left) and test force RMSE (right) against the total
/// parameter count, one series per method (and start, when there are several), mean with ± std error bars.
/// </summary>
public static class ErrorPlot
{
    private static readonly string[] Order = ["full", "svd", "mf", "rmf", "tucker", "tt", "mfra"];

    public static void Write(RunSummary s, string path, int width = 1300, int height = 1000)
    {
        var rows = s.Rows;
        var multi = new Multiplot();
        multi.AddPlots(2);
        var energy = multi.GetPlot(0);
        var force = multi.GetPlot(1);
        bool severalStarts = rows.Select(r => r.Level).Distinct().Count() > 1;
        var palette = new ScottPlot.Palettes.Category10();
        var markers = new[] { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare };
        int series = 0;
        foreach (var group in rows.GroupBy(r => (r.Level, r.Method)).OrderBy(g => g.Key.Level, StringComparer.Ordinal).ThenBy(g => Array.IndexOf(Order, g.Key.Method)))
        {
            var points = group.OrderBy(r => r.TotalParams).ToList();
            var color = palette.GetColor(Array.IndexOf(Order, group.Key.Method) is var m and >= 0 ? m : series);
            var marker = markers[severalStarts ? rows.Select(r => r.Level).Distinct().ToList().IndexOf(group.Key.Level) % markers.Length : 0];
            string label = severalStarts ? $"{group.Key.Method} ({group.Key.Level})" : group.Key.Method;
            Add(energy, points, r => r.TestEnergyRmseMevPerAtom, color, marker, label);
            Add(force, points, r => r.TestForceRmse, color, marker, label);
            series++;
        }
        string standIn = s.Plan.Dataset.StandInFor is null ? s.Plan.Dataset.Name : $"{s.Plan.Dataset.Name}, stand-in";
        energy.Title($"{s.Plan.Title}: test energy ({standIn}, {s.Plan.Profile})", size: 15);
        energy.XLabel("total parameters (radial free parameters + S + Ns)");
        energy.YLabel("test energy RMSE (meV/atom)");
        force.Title($"{s.Plan.Title}: test forces ({standIn}, {s.Plan.Profile})", size: 15);
        force.XLabel("total parameters (radial free parameters + S + Ns)");
        force.YLabel("test force RMSE (eV/Å, per component)");
        foreach (var plot in new[] { energy, force })
        {
            plot.ShowLegend(Edge.Right); // outside the data area: it must not hide points
            plot.Axes.Margins(0.08, 0.12);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp.png");
        multi.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }

    private static void Add(Plot plot, List<TableRow> points, Func<TableRow, Stat> value, Color color, MarkerShape marker, string label)
    {
        double[] xs = points.Select(r => (double)r.TotalParams).ToArray();
        double[] ys = points.Select(r => value(r).Mean).ToArray();
        double[] errors = points.Select(r => value(r).Std is var e && double.IsFinite(e) ? e : 0).ToArray();
        if (errors.Any(e => e > 0))
        {
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
        }
        var scatter = plot.Add.ScatterPoints(xs, ys);
        scatter.Color = color;
        scatter.MarkerShape = marker;
        scatter.MarkerSize = 9;
        scatter.LegendText = label;
    }
}
