using LowRankMlip.Experiments.Definition;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.LowRank;

namespace LowRankMlip.Tests.Experiments;

/// <summary>Definitions bound with Microsoft.Extensions.Configuration: JSON, LRMLIP_DATA and command-line overrides (issue 5 §3).</summary>
public class ExperimentConfigurationTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(ExperimentPaths.TempDirectory("definition"), "def.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Minimal = """
        {
          "Name": "tiny", "Title": "Tiny",
          "Data": { "Root": "from-json", "Species": "Mo", "Train": "mlearn-zuo2020/data/Mo/training.json", "Test": "mlearn-zuo2020/data/Mo/test.json" },
          "Starts": [ { "Potential": "mlearn-zuo2020/fitted-mtp/Mo/fitted.mtp" }, { "Template": "untrained_mtps/10.almtp", "Label": "small" } ],
          "Weights": { "StressWeight": 0 },
          "Defaults": { "Methods": "full, svd, rmf", "Views": "mu, tensor3", "Ranks": { "mu": "1, 2", "tensor3": "1x2x2, 1x2" }, "Seeds": "1, 2", "IterationLimit": 7 },
          "Profiles": { "quick": { "Seeds": "5", "TrainEvery": 3 }, "full": { "IterationLimit": 100 } }
        }
        """;

    [Fact]
    public void BindsTheJsonAndAppliesCommandLineOverrides()
    {
        var path = Write(Minimal);
        var o = ExperimentConfiguration.Load(path, ["--Profiles:quick:IterationLimit=20", "--Profiles:quick:Methods", "full,rmf", "--threads=3", "--profile=quick"], _ => null);
        Assert.Equal("tiny", o.Name);
        Assert.Equal("from-json", o.Data.Root);
        Assert.Equal(0, o.Weights.StressWeight);
        Assert.Equal(0.01, o.Weights.ForceWeight); // default kept
        Assert.Equal(2, o.Starts.Count);
        Assert.Equal("small", o.Starts[1].Label);
        Assert.Equal(20, o.Profiles["quick"].IterationLimit);
        Assert.Equal("full,rmf", o.Profiles["quick"].Methods);
        Assert.Equal(3, o.Threads);
        Assert.Equal("1x2x2, 1x2", o.Defaults.Ranks!["tensor3"]);
    }

    [Fact]
    public void TheDataRootComesFromJsonThenLrmlipDataThenDashDashData()
    {
        var path = Write(Minimal);
        string? Env(string name) => name == ExperimentConfiguration.DataEnvironmentVariable ? "from-env" : null;
        Assert.Equal("from-json", ExperimentConfiguration.Load(path, [], _ => null).Data.Root);
        Assert.Equal("from-env", ExperimentConfiguration.Load(path, [], Env).Data.Root);
        Assert.Equal("from-cli", ExperimentConfiguration.Load(path, ["--data", "from-cli"], Env).Data.Root);
        Assert.Equal("from-key", ExperimentConfiguration.Load(path, ["--Data:Root=from-key"], Env).Data.Root);
    }

    [Fact]
    public void AMisspeltSettingIsAnError()
    {
        var path = Write(Minimal);
        var e = Assert.Throws<ArgumentException>(() => ExperimentConfiguration.Load(path, ["--Profiles:quick:IterationLimt=20"], _ => null));
        Assert.Contains("IterationLimt", e.Message);
    }

    [Fact]
    public void TheProfileOverridesTheDefaultsAndTheGridFollowsViewsAndRankCounts()
    {
        var path = Write(Minimal);
        var o = ExperimentConfiguration.Load(path, ["--data=" + TestData.Root, "--Data:Catalog=" + ExperimentPaths.Catalog], _ => null);
        var plan = PlanBuilder.Build(o, path);
        Assert.Equal("quick", plan.Profile);
        Assert.Equal(7, plan.Settings.IterationLimit);   // from Defaults
        Assert.Equal(3, plan.Settings.TrainEvery);       // from the profile
        Assert.Equal(["20 published", "small"], plan.Starts.Select(s => s.Label));
        // Published start: one seed (deterministic); template: the profile's seed 5.
        Assert.All(plan.Cells.Where(c => !c.Start.IsTemplate), c => Assert.Equal(5, c.Seed));
        // svd on tensor3 takes both rank kinds (HOSVD 3 numbers, TT-SVD 2); rmf only matrix views.
        var published = plan.Cells.Where(c => !c.Start.IsTemplate).Select(c => c.Key).ToList();
        Assert.Equal(
        [
            "20-published_full_s5", "20-published_svd_mu_r1_s5", "20-published_svd_mu_r2_s5", "20-published_svd_tensor3_r1x2x2_s5",
            "20-published_svd_tensor3_r1x2_s5", "20-published_rmf_mu_r1_s5", "20-published_rmf_mu_r2_s5",
        ], published);
        Assert.Equal(7, plan.Cells.Count(c => c.Start.IsTemplate));
        Assert.EndsWith(Path.Combine("results", "tiny", "quick"), plan.OutputDirectory);

        var full = PlanBuilder.Build(ExperimentConfiguration.Load(path, ["--data=" + TestData.Root, "--Data:Catalog=" + ExperimentPaths.Catalog, "--profile=full"], _ => null), path);
        Assert.Equal(100, full.Settings.IterationLimit);
        Assert.Equal([1, 2], full.Cells.Where(c => c.Start.IsTemplate && c.Method is null).Select(c => c.Seed));
        Assert.EndsWith(Path.Combine("results", "tiny"), full.OutputDirectory.TrimEnd(Path.DirectorySeparatorChar));
    }

    [Theory]
    [InlineData("--Profiles:quick:Methods=full,svd,qr", "unknown method 'qr'")]
    [InlineData("--Profiles:quick:Levels=99 template", "Levels names '99 template'")]
    [InlineData("--profile=huge", "no profile 'huge'")]
    [InlineData("--Defaults:Ranks:mu=9", "rank 9 exceeds")]
    public void InvalidGridsAreRefusedWithTheReason(string argument, string expected)
    {
        var path = Write(Minimal);
        var o = ExperimentConfiguration.Load(path, ["--data=" + TestData.Root, "--Data:Catalog=" + ExperimentPaths.Catalog, argument], _ => null);
        var e = Assert.Throws<ArgumentException>(() => PlanBuilder.Build(o, path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RankListsParse()
    {
        Assert.Equal([[3], [6]], ListSetting.RankSpecs("3, 6", "r"));
        Assert.Equal([[4, 2, 4], [4, 4]], ListSetting.RankSpecs("4x2x4, 4×4", "r"));
        Assert.Throws<ArgumentException>(() => ListSetting.RankSpecs("4x0", "r"));
        Assert.Equal(RadialView.Tensor3, RadialViews.Parse("tensor3"));
    }
}
