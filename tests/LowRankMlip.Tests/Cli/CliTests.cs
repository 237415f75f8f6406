using System.Text.Json;
using LowRankMlip.Io;

namespace LowRankMlip.Tests.Cli;

/// <summary>The lrmlip verbs end to end, in-process (LowRankMlip.Cli.Program.Run).</summary>
public class CliTests
{
    private static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Oracle(params string[] p) => TestData.Path(["motep-mtp-oracle", "fitting", "crystals", .. p]);

    [Fact]
    public void CalcEfsWritesMlipOutputWithEfsByFeature()
    {
        var outPath = Path.Combine(Path.GetTempPath(), $"lrmlip-efs-{Guid.NewGuid():N}.cfg");
        try
        {
            var (code, _, err) = Run("calc-efs", Oracle("multi", "10", "pot.mtp"), Oracle("multi", "10", "out.cfg"), outPath, "--threads", "2");
            Assert.True(code == 0, err);
            var ours = CfgReader.Read(outPath).ToList();
            var mlip = CfgReader.Read(Oracle("multi", "10", "out.cfg")).ToList();
            Assert.Equal(mlip.Count, ours.Count);
            Assert.All(ours, c => Assert.Equal("MultiMTP17", c.GetFeature("EFS_by")));
            for (int k = 0; k < ours.Count; k++)
            {
                Assert.Equal(mlip[k].Energy!.Value, ours[k].Energy!.Value, 1e-7);
                Assert.Equal(mlip[k].GetFeature("MV_grade"), ours[k].GetFeature("MV_grade")); // input features are kept
            }
        }
        finally { File.Delete(outPath); }
    }

    [Fact]
    public void CalcEfsReproducesMlipFileByteForByte()
    {
        // MLIP-2's calc-efs output on its own positions: same numbers at the printed precision, same layout.
        var outPath = Path.Combine(Path.GetTempPath(), $"lrmlip-efs-{Guid.NewGuid():N}.cfg");
        try
        {
            var input = TestData.Path("generated", "mlip-3-build", "cubic100.cfg");
            var (code, _, err) = Run("calc-efs", TestData.Path("generated", "mlip-3-build", "cubic100_08_trained.almtp"), input, outPath);
            Assert.True(code == 0, err);
            var expected = File.ReadAllLines(TestData.Path("generated", "mlip-3-build", "cubic100_08_efs.cfg"));
            var actual = File.ReadAllLines(outPath);
            Assert.Equal(expected.Length, actual.Length);
            int differing = expected.Zip(actual).Count(p => p.First != p.Second);
            // Printed digits may differ by one unit in the last place where MLIP's and our round-off straddle a boundary.
            Assert.True(differing <= expected.Length / 200, $"{differing} of {expected.Length} lines differ");
        }
        finally { File.Delete(outPath); }
    }

    [Fact]
    public void CalcErrorsJsonHasTheDocumentedKeys()
    {
        var (code, stdout, err) = Run("calc-errors", TestData.Path("mlearn-zuo2020", "fitted-mtp", "Mo", "fitted.mtp"),
            TestData.Path("mlearn-zuo2020", "data", "Mo", "test.json"), "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        foreach (var key in new[] { "configurations", "atoms", "energy_rmse_per_atom", "energy_mae_per_atom", "force_rmse_component", "force_mae_component", "force_rmse_vector", "stress_rmse_component" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal(23, root.GetProperty("configurations").GetInt32());
        Assert.Equal(0.003978, root.GetProperty("energy_rmse_per_atom").GetDouble(), 5e-7);
    }

    [Fact]
    public void CalcErrorsReportHasMlip3Layout()
    {
        var (code, stdout, err) = Run("calc-errors", TestData.Path("samples", "mlip-3", "test", "examples", "01.train", "sample_out", "pot.almtp"),
            TestData.Path("samples", "mlip-3", "test", "examples", "01.train", "train.cfg"));
        Assert.True(code == 0, err);
        var expected = File.ReadAllLines(TestData.Path("samples", "mlip-3", "test", "examples", "02.check_errors", "sample_out", "errors.txt"));
        var actual = stdout.Split('\n');
        // Same headings and line structure; numbers agree within the 0.2 % the upstream sample allows (mtp-spec §13.1).
        Assert.Equal(expected.Length, actual.Length - 1);
        for (int k = 0; k < expected.Length; k++)
        {
            var label = expected[k].Split('=')[0];
            Assert.Equal(label, actual[k].Split('=')[0]);
            if (expected[k].Contains('=') && double.TryParse(expected[k].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture, out var x))
            {
                var y = double.Parse(actual[k].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(x - y) <= 0.01 * Math.Abs(x) + 1e-12, $"line {k + 1}: expected ≈ {x}, got {y}");
            }
        }
    }

    [Fact]
    public void InfoShowsLevelSpeciesAndParameterCounts()
    {
        var (code, stdout, _) = Run("info", TestData.Path("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp"));
        Assert.Equal(0, code);
        Assert.Contains("level:              14", stdout);
        Assert.Contains("S²·K·R = 4²·4·8 = 512", stdout);
        Assert.Contains("species:            4", stdout);
    }

    [Fact]
    public void ConvertStreamsJsonToCfg()
    {
        var outPath = Path.Combine(Path.GetTempPath(), $"lrmlip-conv-{Guid.NewGuid():N}.cfg");
        try
        {
            var (code, _, err) = Run("convert", TestData.Path("mlearn-zuo2020", "data", "Mo", "test.json"), outPath, "--lossless");
            Assert.True(code == 0, err);
            Assert.Equal(23, CfgReader.Read(outPath).Count());
        }
        finally { File.Delete(outPath); }
    }

    [Theory]
    [InlineData("calc-efs")]
    [InlineData("calc-errors")]
    [InlineData("info")]
    [InlineData("convert")]
    [InlineData("train")]
    [InlineData("bench")]
    public void EveryVerbHasHelp(string verb)
    {
        var (code, stdout, _) = Run("help", verb);
        Assert.Equal(0, code);
        Assert.StartsWith($"usage: lrmlip {verb}", stdout);
        Assert.Contains("example:", stdout);
    }

    [Fact]
    public void MalformedInputGivesOneLineErrorWithFileAndLine()
    {
        var bad = TestData.Path("samples", "mlip-3", "test", "self-test", "configurations", "errorneous", "6.cfg");
        var (code, stdout, err) = Run("calc-errors", Oracle("cubic", "10", "pot.mtp"), bad);
        Assert.Equal(1, code);
        Assert.Contains("6.cfg:11:", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
        Assert.Equal("", stdout);
    }

    [Fact]
    public void UnknownOptionAndMissingArgumentsAreUsageErrors()
    {
        Assert.Equal(2, Run("info").code);
        Assert.Equal(2, Run("calc-errors", "a", "b", "--bogus", "1").code);
        Assert.Equal(2, Run("no-such-verb").code);
        var (code, _, err) = Run("calc-errors", Oracle("cubic", "10", "pot.mtp"), Oracle("cubic", "10", "out.cfg"), "--threads", "zero");
        Assert.Equal(2, code);
        Assert.Contains("--threads", err);
    }

    [Fact]
    public void ElementDataWithoutSpeciesOrderIsExplained()
    {
        var (code, _, err) = Run("calc-errors", TestData.Path("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp"),
            TestData.Path("monbtaw-li2020", "training", "NbMo_Test.json"));
        Assert.Equal(1, code);
        Assert.Contains("--species", err);
    }
}

public class SpeciesMappingTests
{
    [Fact]
    public void ConvertedCfgWithAtomicNumberTypesMapsThroughSpecies()
    {
        var cfg = Path.Combine(Path.GetTempPath(), $"lrmlip-z-{Guid.NewGuid():N}.cfg");
        try
        {
            var o = new StringWriter(); var e = new StringWriter();
            Assert.Equal(0, LowRankMlip.Cli.Program.Run(["convert", TestData.Path("monbtaw-li2020", "training", "NbMo_Test.json"), cfg], o, e));
            var pot = TestData.Path("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp");
            var fromCfg = new StringWriter();
            Assert.Equal(0, LowRankMlip.Cli.Program.Run(["calc-errors", pot, cfg, "--species", "Nb,Mo,Ta,W", "--json"], fromCfg, e));
            var fromJson = new StringWriter();
            Assert.Equal(0, LowRankMlip.Cli.Program.Run(["calc-errors", pot, TestData.Path("monbtaw-li2020", "training", "NbMo_Test.json"), "--species", "Nb,Mo,Ta,W", "--json"], fromJson, e));
            using var a = System.Text.Json.JsonDocument.Parse(fromCfg.ToString());
            using var b = System.Text.Json.JsonDocument.Parse(fromJson.ToString());
            // The .cfg holds MLIP's fixed 6-decimal positions, so errors agree closely but not bit for bit.
            Assert.Equal(b.RootElement.GetProperty("energy_rmse_per_atom").GetDouble(), a.RootElement.GetProperty("energy_rmse_per_atom").GetDouble(), 1e-5);
            Assert.Equal(1, LowRankMlip.Cli.Program.Run(["calc-errors", pot, cfg, "--species", "Nb,Cu,Ta,W", "--json"], new StringWriter(), e));
        }
        finally { File.Delete(cfg); }
    }
}

public class BenchCommandTests
{
    [Fact]
    public void BenchReportsThroughputFlopsAndPeakFraction()
    {
        var o = new StringWriter(); var e = new StringWriter();
        var pot = TestData.Path("motep-mtp-oracle", "fitting", "crystals", "multi", "10", "pot.mtp");
        var data = TestData.Path("generated", "mlip-3-build", "multi100.cfg");
        Assert.Equal(0, LowRankMlip.Cli.Program.Run(["bench", pot, data, "--threads", "2", "--repeat", "1", "--json", "--clock-ghz", "2.5"], o, e));
        using var doc = System.Text.Json.JsonDocument.Parse(o.ToString());
        var r = doc.RootElement;
        Assert.Equal(2700, r.GetProperty("atoms").GetInt64());
        Assert.True(r.GetProperty("us_per_atom").GetDouble() > 0);
        Assert.True(r.GetProperty("flops_per_atom").GetDouble() > 1000);
        double fraction = r.GetProperty("peak_fraction").GetDouble();
        Assert.True(fraction > 0 && fraction < 1, $"peak fraction {fraction}");
    }

    [Fact]
    public void FlopCountGrowsWithLevelAndNeighbours()
    {
        var low = LowRankMlip.Tests.Mtp.Potentials.Multi10;
        var high = LowRankMlip.Tests.Mtp.Potentials.Repulsive20;
        Assert.True(LowRankMlip.Cli.Commands.BenchCommand.FlopsPerAtom(high, 40) > 5 * LowRankMlip.Cli.Commands.BenchCommand.FlopsPerAtom(low, 40));
        Assert.True(LowRankMlip.Cli.Commands.BenchCommand.FlopsPerAtom(low, 60) > LowRankMlip.Cli.Commands.BenchCommand.FlopsPerAtom(low, 40));
    }
}

public class TrainCommandTests
{
    [Fact]
    public void TrainsFromATemplateOnElementNamedDataAndWritesPotentialLogAndReports()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lrmlip-train-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var o = new StringWriter(); var e = new StringWriter();
            var data = TestData.Path("monbtaw-li2020", "training", "NbMo_Test.json");
            int code = LowRankMlip.Cli.Program.Run(["train", TestData.Path("untrained_mtps", "06.almtp"), data, "--valid", data,
                "--species", "Nb,Mo,Ta,W", "--save-to", Path.Combine(dir, "pot.mtp"), "--iteration-limit", "5", "--threads", "2"], o, e);
            Assert.True(code == 0, e.ToString());
            var pot = LowRankMlip.Mtp.Io.MtpFile.Read(Path.Combine(dir, "pot.mtp"));
            Assert.True(pot.IsTrained);
            Assert.Equal([0, 1], pot.SpeciesTypes); // Nb and Mo: the species present in the data
            Assert.Contains("* * * TRAIN ERRORS * * *", o.ToString());
            Assert.Contains("* * * VALIDATION ERRORS * * *", o.ToString());
            Assert.Contains("iter     5", e.ToString());
            var log = File.ReadAllLines(Path.Combine(dir, "pot.mtp.log.csv"));
            Assert.Equal(6, log.Length);
            // The trained potential evaluates the same data with the same species order.
            Assert.Equal(0, LowRankMlip.Cli.Program.Run(["calc-errors", Path.Combine(dir, "pot.mtp"), data, "--species", "Nb,Mo"], new StringWriter(), e));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void MalformedRestartScheduleIsAUsageError()
    {
        var e = new StringWriter();
        Assert.Equal(2, LowRankMlip.Cli.Program.Run(["train", "a.mtp", "b.cfg", "--save-to", "c.mtp", "--restart-at", "25,x"], new StringWriter(), e));
        Assert.Contains("--restart-at", e.ToString());
        Assert.Contains("'x'", e.ToString());
    }

    [Fact]
    public void ResumeWithoutCheckpointIsAUsageError()
    {
        var e = new StringWriter();
        Assert.Equal(2, LowRankMlip.Cli.Program.Run(["train", "a.mtp", "b.cfg", "--save-to", "c.mtp", "--resume"], new StringWriter(), e));
        Assert.Contains("--checkpoint", e.ToString());
    }
}
