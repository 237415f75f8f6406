using System.Globalization;
using System.Text;
using System.Text.Json;
using LowRankMlip.Io;

namespace LowRankMlip.Experiments.Output;

/// <summary>
/// table.csv, table.md and table.json of a run (issue 5 §4): exactly the issue's columns, mean ± sample std over
/// seeds ("mean±std" in the CSV, a plain mean for one seed; table.json keeps mean, std and count apart), the
/// dataset labelled as a stand-in in the Markdown title; cells.csv has one row per seed.
/// </summary>
public static class TableWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The row as CSV cells (full precision, 6 significant digits).</summary>
    public static string[] CsvCells(TableRow r) =>
    [
        r.Method, r.Level, r.Rank, r.View, I(r.RadialParams), I(r.TotalParams), F(r.CompressionRadialPct, "F2"), F(r.CompressionTotalPct, "F2"),
        r.TrainEnergyRmseMevPerAtom.Format("G6", "±"), r.TestEnergyRmseMevPerAtom.Format("G6", "±"), r.TestEnergyMaeMevPerAtom.Format("G6", "±"),
        r.TrainForceRmse.Format("G6", "±"), r.TestForceRmse.Format("G6", "±"), r.TestStressRmse?.Format("G6", "±") ?? "",
        I(r.Seeds), r.TrainSeconds.Format("F1", "±"), r.EvalUsPerAtom.Format("G4", "±"),
    ];

    /// <summary>The row as Markdown cells (rounded for reading).</summary>
    public static string[] MarkdownCells(TableRow r) =>
    [
        r.Method, r.Level, Dash(r.Rank), Dash(r.View), I(r.RadialParams), I(r.TotalParams), F(r.CompressionRadialPct, "F1"), F(r.CompressionTotalPct, "F1"),
        r.TrainEnergyRmseMevPerAtom.Format("F3"), r.TestEnergyRmseMevPerAtom.Format("F3"), r.TestEnergyMaeMevPerAtom.Format("F3"),
        r.TrainForceRmse.Format("F4"), r.TestForceRmse.Format("F4"), r.TestStressRmse?.Format("F4") ?? "–",
        I(r.Seeds), r.TrainSeconds.Format("F1"), r.EvalUsPerAtom.Format("F2"),
    ];

    public static string Csv(IReadOnlyList<TableRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", TableRow.Columns)).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(",", CsvCells(r).Select(Quote))).Append('\n');
        return sb.ToString();
    }

    public static string Markdown(RunSummary s)
    {
        var p = s.Plan;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# {p.Title} ({p.StandInLabel}), profile {p.Profile}\n\n");
        if (p.Dataset.StandInFor is { } paper)
            sb.Append(Inv, $"> **Stand-in data.** {p.Dataset.Title} ({p.Dataset.Name}, {p.Dataset.Licence}) stands in for the {paper}, which is not public; these numbers are not a reproduction of the paper's table.\n\n");
        if (!s.Complete) sb.Append(Inv, $"> **Incomplete:** {s.Cells.Count} of {p.Cells.Count} cells finished; rerun the command to resume.\n\n");
        sb.Append(Inv, $"Command: `lrmlip experiment {Relative(p.DefinitionPath, p.RepositoryRoot)} --profile {p.Profile}` · commit {s.Provenance.ShortCommit}{(s.Provenance.WorkingTreeClean ? "" : " (modified)")} · ");
        sb.Append(Inv, $"{s.Provenance.Utc[..10]} · {s.Provenance.Cpu}, {p.Settings.Threads} threads · {s.Provenance.SimdPath}.\n\n");
        sb.Append(Inv, $"- Data: training {s.Train.Configurations} configurations ({s.Train.Atoms} atoms) from {Files(p.Data.TrainFiles)}");
        if (p.Data.HoldOutEvery > 1) sb.Append(Inv, $", every {Ordinal(p.Data.HoldOutEvery)} configuration held out for testing");
        if (p.Data.TrainEvery > 1) sb.Append(Inv, $", every {Ordinal(p.Data.TrainEvery)} kept");
        sb.Append(Inv, $"; test {s.Test.Configurations} configurations ({s.Test.Atoms} atoms)");
        if (p.Data.TestFiles.Count > 0) sb.Append(Inv, $" from {Files(p.Data.TestFiles)}");
        if (p.Data.TestEvery > 1) sb.Append(Inv, $", every {Ordinal(p.Data.TestEvery)} kept");
        sb.Append(Inv, $"; species {string.Join(", ", p.Data.Species)}.\n");
        foreach (var start in p.Starts)
            sb.Append(start.IsTemplate
                ? $"- Level {start.Label}: `{start.RelativePath}` (level {start.Level}); full = trained from it with the budget of every cell, svd = truncation of that full potential, the other methods train their low-rank form from the template.\n"
                : $"- Level {start.Label}: published `{start.RelativePath}` (level {start.Level}); full = evaluated as is, every method compresses it (deterministic: one seed).\n");
        var st = p.Settings;
        sb.Append(Inv, $"- Budget per cell: {st.IterationLimit} iterations{(st.MaxTimeSeconds > 0 ? $", at most {st.MaxTimeSeconds:0} s" : "")}, tolerance {st.Tolerance:G3}; ");
        sb.Append(Inv, $"weights energy {st.Weights.EnergyWeight:G3}, force {st.Weights.ForceWeight:G3}, stress {st.Weights.StressWeight:G3}; svd {(st.SvdRefitLinear ? "refits" : "keeps")} the linear coefficients.\n");
        sb.Append("- Units: energies meV/atom; forces eV/Å per component; test_stress_rmse = virial per component, eV (– = no stress labels); ");
        sb.Append("parameters = free parameters (radial part, and with the S + Ns linear coefficients); compression % = 1 − compressed/full; ");
        sb.Append("train_seconds = wall time of the fit; eval_us_per_atom = E+F+W on one thread (dense evaluator, neighbour lists excluded). Values: mean ± sample std over seeds.\n\n");
        sb.Append("| ").Append(string.Join(" | ", TableRow.Columns)).Append(" |\n");
        sb.Append('|').Append(string.Concat(TableRow.Columns.Select((_, i) => i < 4 ? "---|" : "---:|"))).Append('\n');
        foreach (var r in s.Rows) sb.Append("| ").Append(string.Join(" | ", MarkdownCells(r))).Append(" |\n");
        sb.Append(Inv, $"\n![test energy and force RMSE against the total parameter count]({OutputFiles.Plot})\n");
        return sb.ToString();
    }

    public static string Json(RunSummary s)
    {
        object StatJson(Stat? v) => v is { } x ? new { mean = x.Mean, std = x.Std, n = x.Count } : null!;
        var doc = new
        {
            name = s.Plan.Name,
            title = s.Plan.Title,
            profile = s.Plan.Profile,
            dataset = s.Plan.Dataset.Name,
            stand_in_for = s.Plan.Dataset.StandInFor,
            complete = s.Complete,
            units = new { energy = "meV/atom", force = "eV/Å per component", stress = "virial per component, eV", train_seconds = "s", eval_us_per_atom = "µs/atom, one thread" },
            rows = s.Rows.Select(r => new Dictionary<string, object?>
            {
                ["method"] = r.Method, ["level"] = r.Level, ["rank"] = r.Rank, ["view"] = r.View,
                ["radial_params"] = r.RadialParams, ["total_params"] = r.TotalParams,
                ["compression_radial_pct"] = r.CompressionRadialPct, ["compression_total_pct"] = r.CompressionTotalPct,
                ["train_energy_rmse_mev_per_atom"] = StatJson(r.TrainEnergyRmseMevPerAtom), ["test_energy_rmse_mev_per_atom"] = StatJson(r.TestEnergyRmseMevPerAtom),
                ["test_energy_mae_mev_per_atom"] = StatJson(r.TestEnergyMaeMevPerAtom), ["train_force_rmse"] = StatJson(r.TrainForceRmse),
                ["test_force_rmse"] = StatJson(r.TestForceRmse), ["test_stress_rmse"] = r.TestStressRmse is null ? null : StatJson(r.TestStressRmse),
                ["seeds"] = r.Seeds, ["train_seconds"] = StatJson(r.TrainSeconds), ["eval_us_per_atom"] = StatJson(r.EvalUsPerAtom),
            }).ToList(),
        };
        return JsonSerializer.Serialize(doc, Running.CellStore.Json) + "\n";
    }

    /// <summary>One row per finished cell (every seed), machine-readable numbers.</summary>
    public static string CellsCsv(RunSummary s)
    {
        var sb = new StringBuilder("key,level,method,view,rank,seed,radial_params,total_params,stored_radial_params,compression_radial_pct,compression_total_pct," +
            "train_energy_rmse_mev_per_atom,test_energy_rmse_mev_per_atom,test_energy_mae_mev_per_atom,train_force_rmse,test_force_rmse,test_stress_rmse," +
            "train_seconds,eval_us_per_atom,iterations,evaluations,exit_reason\n");
        foreach (var c in s.Cells)
            sb.Append(string.Join(",", new[]
            {
                c.Key, c.Level, c.Method, c.View, string.Join("x", c.Ranks), I(c.Seed), I(c.RadialParams), I(c.TotalParams), I(c.StoredRadialParams),
                F(c.CompressionRadialPct, "R"), F(c.CompressionTotalPct, "R"), F(1000 * c.Train.EnergyRmsePerAtom, "R"), F(1000 * c.Test.EnergyRmsePerAtom, "R"),
                F(1000 * c.Test.EnergyMaePerAtom, "R"), F(c.Train.ForceRmseComponent, "R"), F(c.Test.ForceRmseComponent, "R"),
                c.Test.StressRmseComponent is double w ? F(w, "R") : "", F(c.TrainSeconds, "F3"), F(c.EvalUsPerAtom, "G6"), I(c.Iterations), I(c.Evaluations), c.ExitReason,
            }.Select(Quote))).Append('\n');
        return sb.ToString();
    }

    public static void WriteAll(RunSummary s, string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, OutputFiles.TableCsv), Csv(s.Rows));
        AtomicFile.WriteAllText(Path.Combine(directory, OutputFiles.TableMarkdown), Markdown(s));
        AtomicFile.WriteAllText(Path.Combine(directory, OutputFiles.TableJson), Json(s));
        AtomicFile.WriteAllText(Path.Combine(directory, OutputFiles.CellsCsv), CellsCsv(s));
    }

    private static string I(int v) => v.ToString(Inv);
    private static string F(double v, string format) => v.ToString(format, Inv);
    private static string Dash(string s) => s.Length == 0 ? "–" : s;
    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string Ordinal(int k) => (k % 100) is 11 or 12 or 13 ? $"{k}th" : (k % 10) switch { 1 => $"{k}st", 2 => $"{k}nd", 3 => $"{k}rd", _ => $"{k}th" };

    private static string Files(IReadOnlyList<string> files) =>
        files.Count <= 3 ? string.Join(", ", files.Select(f => $"`{f}`")) : $"{files.Count} files (`{files[0]}` …; manifest.json lists them)";

    internal static string Relative(string path, string? root) =>
        root is not null && path.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, path) : path;
}
