using System.Globalization;
using System.Text.Json;
using LowRankMlip.Experiments.Definition;
using LowRankMlip.Experiments.Output;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Experiments.Running;

namespace LowRankMlip.Tests.Experiments;

/// <summary>
/// Every definition's quick profile end to end on a tiny subset (issue 5 §7): the table has the columns and
/// one row per (level, method, view, rank), every value is finite, the compression percentages agree with the
/// parameter counts, and a rerun recomputes nothing.
/// </summary>
public class QuickProfileTests
{
    /// <summary>The quick profile made tiny: a few configurations and iterations per cell, two threads.</summary>
    private static readonly string[] Tiny =
    [
        "--Profiles:quick:TrainEvery=60", "--Profiles:quick:TestEvery=12", "--Profiles:quick:IterationLimit=2", "--threads=2",
    ];

    internal static (ExperimentPlan Plan, IReadOnlyDictionary<string, string?> Configuration) Plan(string name, string output, params string[] extra)
    {
        var commandLine = Tiny.Concat(["--data=" + TestData.Root, "--out=" + output]).Concat(extra).ToArray();
        var configuration = ExperimentConfiguration.Build(ExperimentPaths.Definition(name), commandLine, _ => null);
        return (PlanBuilder.Build(ExperimentConfiguration.Bind(configuration), ExperimentPaths.Definition(name)), ExperimentConfiguration.Flatten(configuration));
    }

    public static TheoryData<string> Definitions => new(ExperimentPaths.DefinitionNames);

    [Theory]
    [MemberData(nameof(Definitions))]
    public void QuickProfileWritesAFiniteConsistentTable(string name)
    {
        var output = ExperimentPaths.TempDirectory(name);
        try
        {
            var (plan, configuration) = Plan(name, output, name == "monbtaw" ? "--Profiles:quick:TrainEvery=100" : "--Profiles:quick:TrainEvery=60");
            var result = new ExperimentRunner(plan, new SilentProgress(), configuration).Run();
            Assert.False(result.Cancelled);
            Assert.Equal(plan.Cells.Count, result.Summary.Computed);

            // table.csv: the columns, one row per group of seeds, finite numbers.
            var lines = File.ReadAllLines(Path.Combine(output, OutputFiles.TableCsv));
            Assert.Equal(string.Join(",", TableRow.Columns), lines[0]);
            Assert.Equal(plan.Cells.Select(c => c.Group).Distinct().Count(), lines.Length - 1);
            foreach (var line in lines.Skip(1))
            {
                var cells = line.Split(',');
                Assert.Equal(TableRow.Columns.Length, cells.Length);
                for (int k = 4; k < cells.Length; k++)
                {
                    if (TableRow.Columns[k] == "test_stress_rmse" && cells[k].Length == 0) continue; // unlabelled
                    foreach (var part in cells[k].Split('±'))
                        Assert.True(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v),
                            $"{name}: {TableRow.Columns[k]} = '{cells[k]}' in '{line}'");
                }
                // Compression percentages agree with the parameter counts of the same row and the level's full row.
                var full = lines.Skip(1).Select(l => l.Split(',')).First(f => f[0] == "full" && f[1] == cells[1]);
                double radial = double.Parse(cells[4], CultureInfo.InvariantCulture), total = double.Parse(cells[5], CultureInfo.InvariantCulture);
                double fullRadial = double.Parse(full[4], CultureInfo.InvariantCulture), fullTotal = double.Parse(full[5], CultureInfo.InvariantCulture);
                Assert.Equal(100 * (1 - radial / fullRadial), double.Parse(cells[6], CultureInfo.InvariantCulture), 0.01);
                Assert.Equal(100 * (1 - total / fullTotal), double.Parse(cells[7], CultureInfo.InvariantCulture), 0.01);
                Assert.Equal(fullTotal - fullRadial, total - radial); // the linear coefficients are never compressed
            }

            // Markdown: the stand-in label in the title, the same columns; the plot and the manifest exist.
            var md = File.ReadAllLines(Path.Combine(output, OutputFiles.TableMarkdown));
            Assert.StartsWith($"# {plan.Title} ({plan.StandInLabel})", md[0]);
            Assert.Contains("| " + string.Join(" | ", TableRow.Columns) + " |", md);
            var png = File.ReadAllBytes(Path.Combine(output, OutputFiles.Plot));
            Assert.True(png.Length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, OutputFiles.Manifest)));
            var root = manifest.RootElement;
            Assert.True(root.GetProperty("complete").GetBoolean());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("provenance").GetProperty("simd_path").GetString()));
            Assert.All(root.GetProperty("data").GetProperty("files").EnumerateArray(), f => Assert.True(f.GetProperty("verified").GetBoolean()));
            Assert.Equal("2", root.GetProperty("configuration").GetProperty("Profiles:quick:IterationLimit").GetString());
            Assert.Equal(plan.Cells.Count, Directory.GetFiles(Path.Combine(output, "cells"), "*.json").Length);
            Assert.False(Directory.Exists(Path.Combine(output, "checkpoints")) && Directory.EnumerateFiles(Path.Combine(output, "checkpoints")).Any());
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void EveryMethodAndViewKindRunsThroughTheRunner()
    {
        var output = ExperimentPaths.TempDirectory("kcl-all-methods");
        try
        {
            var (plan, configuration) = Plan("kcl-thcl4", output, "--Profiles:quick:Methods=full,svd,mf,rmf,tucker,tt,mfra",
                "--Profiles:quick:Views=pairs,tensor3", "--Profiles:quick:Ranks:tensor3=3x2x4,3x3");
            var result = new ExperimentRunner(plan, new SilentProgress(), configuration).Run();
            var methods = result.Summary.Rows.Select(r => (r.Method, r.View, r.Rank)).ToList();
            Assert.Equal(
            [
                ("full", "", ""), ("svd", "pairs", "3"), ("svd", "tensor3", "3x2x4"), ("svd", "tensor3", "3x3"), ("mf", "pairs", "3"),
                ("rmf", "pairs", "3"), ("tucker", "tensor3", "3x2x4"), ("tt", "tensor3", "3x3"), ("mfra", "pairs", "3"),
            ], methods);
            // The same ranks give the same parameter counts for svd and the method that optimizes that form.
            var rows = result.Summary.Rows;
            Assert.Equal(rows.Single(r => r.Method == "tucker").RadialParams, rows.Single(r => r.Method == "svd" && r.Rank == "3x2x4").RadialParams);
            Assert.Equal(rows.Single(r => r.Method == "tt").RadialParams, rows.Single(r => r.Method == "svd" && r.Rank == "3x3").RadialParams);
            Assert.Equal(rows.Single(r => r.Method == "rmf").RadialParams, rows.Single(r => r.Method == "svd" && r.View == "pairs").RadialParams);
            Assert.All(result.Summary.Cells, c => Assert.True(File.Exists(Path.Combine(output, c.Potential)), c.Potential));
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void ARerunSkipsFinishedCellsAndAChangedSettingRecomputesThem()
    {
        var output = ExperimentPaths.TempDirectory("mo-rerun");
        try
        {
            var levels = "--Profiles:quick:Levels=10 template";
            var (plan, configuration) = Plan("mo", output, levels);
            var first = new ExperimentRunner(plan, new SilentProgress(), configuration).Run();
            var table = File.ReadAllText(Path.Combine(output, OutputFiles.TableCsv));
            var cellFile = Path.Combine(output, "cells", plan.Cells[^1].Key + ".json");
            var written = File.GetLastWriteTimeUtc(cellFile);

            var (again, configuration2) = Plan("mo", output, levels);
            var second = new ExperimentRunner(again, new SilentProgress(), configuration2).Run();
            Assert.Equal(0, second.Summary.Computed);
            Assert.Equal(plan.Cells.Count, second.Summary.Reused);
            Assert.Equal(table, File.ReadAllText(Path.Combine(output, OutputFiles.TableCsv)));
            Assert.Equal(written, File.GetLastWriteTimeUtc(cellFile));

            // Another iteration limit is another fingerprint: every cell runs again.
            var (changed, configuration3) = Plan("mo", output, levels, "--Profiles:quick:IterationLimit=3");
            var third = new ExperimentRunner(changed, new SilentProgress(), configuration3).Run();
            Assert.Equal(plan.Cells.Count, third.Summary.Computed);
            Assert.Equal(first.Summary.Rows.Count, third.Summary.Rows.Count);
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void ACancelledRunKeepsItsFinishedCellsAndResumes()
    {
        var output = ExperimentPaths.TempDirectory("mo-cancel");
        try
        {
            var levels = "--Profiles:quick:Levels=10 template";
            var (plan, configuration) = Plan("mo", output, levels);
            using var cancel = new CancellationTokenSource();
            var progress = new CancelAfterFirstCell(cancel);
            var partial = new ExperimentRunner(plan, progress, configuration).Run(cancel.Token);
            Assert.True(partial.Cancelled);
            Assert.Equal(progress.Finished, partial.Summary.Cells.Count);
            Assert.InRange(progress.Finished, 1, plan.Cells.Count - 1);
            Assert.False(partial.Summary.Complete);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "checkpoints"))); // the interrupted cell's checkpoint
            Assert.Contains("Incomplete", File.ReadAllText(Path.Combine(output, OutputFiles.TableMarkdown)));

            var (resumed, configuration2) = Plan("mo", output, levels);
            var rest = new ExperimentRunner(resumed, new SilentProgress(), configuration2).Run();
            Assert.Equal(progress.Finished, rest.Summary.Reused);
            Assert.Equal(plan.Cells.Count - progress.Finished, rest.Summary.Computed);
            Assert.True(rest.Summary.Complete);
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    /// <summary>Cancels at the first iteration of a cell after the first finished one (svd cells do not iterate).</summary>
    private sealed class CancelAfterFirstCell(CancellationTokenSource cancel) : IExperimentProgress
    {
        public int Finished { get; private set; }
        public void Begin(ExperimentPlan plan) { }
        public void Skipped(int index, int count, CellSpec cell) { }
        public void Started(int index, int count, CellSpec cell) { }
        public void Iteration(LowRankMlip.Training.IterationRecord record) { if (Finished >= 1) cancel.Cancel(); }
        public void Message(string message) { }
        void IExperimentProgress.Finished(int index, int count, CellSpec cell, CellResult result) => Finished++;
        public void Wrote(string path) { }
    }
}
