using LowRankMlip.Experiments.Data;

namespace LowRankMlip.Tests.Experiments;

/// <summary>The data-root setting and the missing-data error (issue 5 §1; architecture.md, Data location).</summary>
public class DataRootTests
{
    [Fact]
    public void ASettingWinsOverTheRepositoryDefaultAndRelativePathsStartAtTheCurrentDirectory()
    {
        Assert.Equal(Path.GetFullPath("/data/x"), DataRoot.Resolve("/data/x", "/repo", "/cwd").Path);
        Assert.Equal(Path.GetFullPath("/cwd/rel"), DataRoot.Resolve("rel", "/repo", "/cwd").Path);
        Assert.Equal(Path.GetFullPath("/repo/reference-data/external"), DataRoot.Resolve(null, "/repo", "/cwd").Path);
        Assert.Equal(Path.GetFullPath("/repo/reference-data/external"), DataRoot.Resolve(" ", "/repo", "/cwd").Path);
        Assert.Throws<ArgumentException>(() => DataRoot.Resolve(null, null, "/cwd"));
    }

    [Fact]
    public void AMissingFileNamesItsDatasetAndTheCommandThatFetchesIt()
    {
        var root = new DataRoot(ExperimentPaths.TempDirectory("empty-root"));
        var e = Assert.Throws<MissingDataException>(() => root.File("monbtaw-li2020/training/Mo_SS.json"));
        Assert.Equal("monbtaw-li2020", e.Dataset);
        Assert.Contains("dataset 'monbtaw-li2020' is missing", e.Message);
        Assert.Contains($"bash scripts/fetch-data.sh --data {root.Path} --only monbtaw-li2020", e.Message);
        Assert.Contains("--from ../shared/reference-data", e.Message);
        var pattern = Assert.Throws<MissingDataException>(() => root.Expand(["al4gap-kcl-thcl4/*.xyz"]));
        Assert.Equal("al4gap-kcl-thcl4", pattern.Dataset);
    }

    [Fact]
    public void PatternsExpandInNameOrder()
    {
        var root = new DataRoot(TestData.Root);
        var files = root.Expand(["monbtaw-li2020/training/*_Test.json", "al4gap-kcl-thcl4/test.xyz"]);
        Assert.Equal(12, files.Count);
        Assert.Equal("monbtaw-li2020/training/MoTa_Test.json", files[0]);
        Assert.Equal("al4gap-kcl-thcl4/test.xyz", files[^1]);
        Assert.Equal(files.Take(11).Order(StringComparer.Ordinal), files.Take(11));
    }

    [Fact]
    public void TheVerbReportsMissingDataWithTheFetchCommand()
    {
        var empty = ExperimentPaths.TempDirectory("verb-root");
        var o = new StringWriter();
        var err = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(["experiment", ExperimentPaths.Definition("kcl-thcl4"), "--data", empty, "--list"], o, err);
        Assert.Equal(1, code);
        Assert.Contains("dataset 'al4gap-kcl-thcl4' is missing", err.ToString());
        Assert.Contains("bash scripts/fetch-data.sh", err.ToString());
    }

    [Fact]
    public void TheVerbListsTheCellsWithTheirParameterCounts()
    {
        var o = new StringWriter();
        var err = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(["experiment", ExperimentPaths.Definition("monbtaw"), "--data", TestData.Root, "--profile", "full", "--list"], o, err);
        Assert.True(code == 0, err.ToString());
        var text = o.ToString();
        Assert.Contains("14 published full seed 1", text);
        Assert.Contains("16 template mfra pairs r6 seed 2", text);
        Assert.Matches(@"14 published rmf pairs r3 seed 1\s+135\s+191\s+73\.6\s+66\.4", text);
    }
}
