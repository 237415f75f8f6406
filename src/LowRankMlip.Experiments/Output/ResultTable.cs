using LowRankMlip.Experiments.Planning;
using LowRankMlip.Experiments.Running;

namespace LowRankMlip.Experiments.Output;

/// <summary>
/// Aggregates finished cells into table rows: one per (level, method, view, ranks), in the plan's order, mean ± std
/// over seeds. Parameter counts and compression are per seed identical except for mfra stopping below its target
/// rank; the rank column then says which ranks were reached and the counts are means.
/// </summary>
public static class ResultTable
{
    public static IReadOnlyList<TableRow> Build(IReadOnlyList<CellSpec> plan, IReadOnlyList<CellResult> results)
    {
        var byKey = results.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var rows = new List<TableRow>();
        foreach (var group in plan.GroupBy(c => c.Group))
        {
            var cells = group.Select(c => byKey.GetValueOrDefault(c.Key)).OfType<CellResult>().ToList();
            if (cells.Count == 0) continue;
            var first = cells[0];
            // mfra may stop below its target rank, so seeds can differ in rank and parameter count.
            var reached = cells.Select(c => Definition.ListSetting.FormatRanks(c.FinalRanks)).Distinct().ToList();
            var rank = reached.Count == 1 && reached[0] == group.Key.Rank ? group.Key.Rank : $"{group.Key.Rank} (reached {string.Join("/", reached)})";
            var stress = cells.All(c => c.Test.StressRmseComponent is not null) ? Stat.Of(cells.Select(c => c.Test.StressRmseComponent!.Value)) : (Stat?)null;
            rows.Add(new TableRow(
                first.Method, first.Level, rank, group.Key.View,
                (int)Math.Round(cells.Average(c => c.RadialParams)), (int)Math.Round(cells.Average(c => c.TotalParams)),
                cells.Average(c => c.CompressionRadialPct), cells.Average(c => c.CompressionTotalPct),
                Stat.Of(cells.Select(c => 1000 * c.Train.EnergyRmsePerAtom)),
                Stat.Of(cells.Select(c => 1000 * c.Test.EnergyRmsePerAtom)),
                Stat.Of(cells.Select(c => 1000 * c.Test.EnergyMaePerAtom)),
                Stat.Of(cells.Select(c => c.Train.ForceRmseComponent)),
                Stat.Of(cells.Select(c => c.Test.ForceRmseComponent)),
                stress,
                cells.Count,
                Stat.Of(cells.Select(c => c.TrainSeconds)),
                Stat.Of(cells.Select(c => c.EvalUsPerAtom))));
        }
        return rows;
    }
}
