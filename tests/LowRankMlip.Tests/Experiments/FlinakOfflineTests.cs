using System.Globalization;
using System.Text.Json;
using LowRankMlip.Experiments.Data;
using LowRankMlip.Experiments.Output;
using LowRankMlip.Experiments.Running;

namespace LowRankMlip.Tests.Experiments;

/// <summary>
/// The generated FLiNaK dataset ships in the repository (issue 8 §5): the catalog resolves it whatever the data
/// root, and the flinak quick profile runs on an empty data root (a fresh clone without downloads).
/// </summary>
public class FlinakOfflineTests
{
    private static readonly DatasetCatalog Catalog = DatasetCatalog.Load(ExperimentPaths.Catalog);

    [Fact]
    public void TheCatalogResolvesTheInRepositoryDatasetAgainstReferenceData()
    {
        var dataset = Catalog.Get("flinak-teacher");
        Assert.True(dataset.InRepository);
        Assert.Equal(["Li", "Na", "K", "F"], dataset.Species);
        Assert.True(dataset.CfgTypesAreSpecies); // MLIP .cfg types 0..3 = Li, Na, K, F
        Assert.Contains("synthetic rigid-ion teacher", dataset.StandInFor);
        Assert.StartsWith("lrmlip generate flinak", dataset.GeneratedBy);

        var empty = ExperimentPaths.TempDirectory("flinak-empty-root");
        var root = DataRoot.Resolve(empty, ExperimentPaths.Repository).WithRepositoryDatasets(Catalog);
        Assert.Equal(Path.Combine(ExperimentPaths.Repository, "reference-data", "flinak-teacher", "flinak-teacher.cfg"), root.File("flinak-teacher/flinak-teacher.cfg"));
        Assert.Equal(["flinak-teacher/templates/10.almtp", "flinak-teacher/templates/16.almtp"], root.Expand(["flinak-teacher/templates/*.almtp"]));
        Assert.Equal(Catalog.File("flinak-teacher/flinak-teacher.cfg")!.Sha256, DatasetCatalog.Sha256(root.File("flinak-teacher/flinak-teacher.cfg")));
        // Other datasets still come from the (empty) data root.
        Assert.Throws<MissingDataException>(() => root.File("untrained_mtps/10.almtp"));
        var missing = Assert.Throws<FileNotFoundException>(() => root.File("flinak-teacher/absent.cfg"));
        Assert.Contains("ships in the repository", missing.Message);
    }

    [Fact]
    public void TheQuickProfileRunsOnAnEmptyDataRoot()
    {
        var empty = ExperimentPaths.TempDirectory("flinak-offline-root");
        var output = ExperimentPaths.TempDirectory("flinak-offline");
        try
        {
            var (plan, configuration) = QuickProfileTests.Plan("flinak", output, "--data=" + empty, "--Profiles:quick:TrainEvery=60");
            Assert.Equal("flinak-teacher", plan.Dataset.Name);
            Assert.Equal(["10 template"], plan.Starts.Select(s => s.Label));
            var result = new ExperimentRunner(plan, new SilentProgress(), configuration).Run();
            Assert.True(result.Summary.Complete);

            var lines = File.ReadAllLines(Path.Combine(output, OutputFiles.TableCsv));
            Assert.Equal(string.Join(",", TableRow.Columns), lines[0]);
            Assert.Equal(["full", "svd", "rmf", "mfra"], lines.Skip(1).Select(l => l.Split(',')[0]));
            foreach (var cells in lines.Skip(1).Select(l => l.Split(',')))
                for (int k = 4; k < cells.Length; k++)
                    if (!(TableRow.Columns[k] == "test_stress_rmse" && cells[k].Length == 0))
                        Assert.All(cells[k].Split('±'), part => Assert.True(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), $"{TableRow.Columns[k]} = '{cells[k]}'"));
            Assert.StartsWith("# LiF-NaF-KF (synthetic rigid-ion teacher) (stand-in: flinak-teacher", File.ReadLines(Path.Combine(output, OutputFiles.TableMarkdown)).First());

            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, OutputFiles.Manifest)));
            var files = manifest.RootElement.GetProperty("data").GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(2, files.Count); // the data file and the template
            Assert.All(files, f => Assert.True(f.GetProperty("verified").GetBoolean()));
            Assert.All(files, f => Assert.Equal(Catalog.Directory, f.GetProperty("location").GetString()));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void TheVerbListsTheFlinakCellsWithoutExternalData()
    {
        var empty = ExperimentPaths.TempDirectory("flinak-verb-root");
        var o = new StringWriter();
        var err = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(["experiment", ExperimentPaths.Definition("flinak"), "--data", empty, "--profile", "full", "--list"], o, err);
        Assert.True(code == 0, err.ToString());
        Assert.Contains("16 template tucker tensor3 r4x3x5 seed 2", o.ToString());
    }
}
