using LowRankMlip.Compression.Io;
using LowRankMlip.Io;

namespace LowRankMlip.Tests.Cli;

/// <summary>lrmlip compress, export-mtp, and the other verbs on a compressed file.</summary>
public class CompressCommandTests
{
    private static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Pot => TestData.Path("motep-mtp-oracle", "fitting", "crystals", "multi", "10", "pot.mtp");

    private static string Subset(string dir, int count, int skip = 0)
    {
        var path = Path.Combine(dir, $"data-{skip}-{count}.cfg");
        using var sink = ConfigurationFiles.OpenWriter(path);
        foreach (var c in CfgReader.Read(TestData.Path("generated", "mlip-3-build", "multi100.cfg")).Skip(skip).Take(count)) sink.Write(c);
        sink.Commit();
        return path;
    }

    [Fact]
    public void CompressThenInfoExportAndCalcEfsAgree()
    {
        var dir = Directory.CreateTempSubdirectory("lrmlip-compress-").FullName;
        try
        {
            var train = Subset(dir, 10);
            var valid = Subset(dir, 5, skip: 60);
            var outPath = Path.Combine(dir, "r2.lrmtp");
            var (code, stdout, stderr) = Run("compress", Pot, train, "--method", "rmf", "--rank", "2", "--unfolding", "pairs", "--valid", valid,
                "--iteration-limit", "5", "--threads", "2", "--save-to", outPath);
            Assert.True(code == 0, stderr);
            Assert.Contains("iter     5", stderr);
            Assert.Contains("radial parameters     62 free", stdout); // (9 + 24 − 2)·2 of 216
            Assert.Contains("VALIDATION ERRORS", stdout);
            Assert.True(File.Exists(outPath + ".log.csv"));

            var info = Run("info", outPath);
            Assert.Equal(0, info.code);
            Assert.Contains("method                rmf", info.stdout);
            Assert.Contains("ranks                 2", info.stdout);
            Assert.Contains("compression 71.3 %", info.stdout);

            var dense = Path.Combine(dir, "r2.mtp");
            Assert.Equal(0, Run("export-mtp", outPath, dense).code);
            var efsCompressed = Path.Combine(dir, "c.cfg");
            var efsDense = Path.Combine(dir, "d.cfg");
            Assert.Equal(0, Run("calc-efs", outPath, valid, efsCompressed, "--threads", "1").code);
            Assert.Equal(0, Run("calc-efs", dense, valid, efsDense, "--threads", "1").code);
            var a = CfgReader.Read(efsCompressed).ToList();
            var b = CfgReader.Read(efsDense).ToList();
            for (int k = 0; k < a.Count; k++)
            {
                Assert.Equal(b[k].Energy!.Value, a[k].Energy!.Value, 1e-10 * Math.Abs(b[k].Energy!.Value));
                Assert.Equal(b[k].Forces, a[k].Forces);
            }

            // train continues a compressed potential with its own method and ranks.
            var cont = Path.Combine(dir, "r2b.lrmtp");
            var again = Run("train", outPath, train, "--iteration-limit", "3", "--threads", "2", "--save-to", cont);
            Assert.True(again.code == 0, again.stderr);
            var continued = CompressedMtpFile.Read(cont);
            Assert.Equal([2], continued.Radial.Ranks);
            Assert.Equal(LowRankMlip.Compression.CompressionMethod.Rmf, continued.Method);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RankAugmentationPrintsTheLossAtEachRank()
    {
        var dir = Directory.CreateTempSubdirectory("lrmlip-mfra-").FullName;
        try
        {
            var train = Subset(dir, 8);
            var (code, stdout, stderr) = Run("compress", Pot, train, "--method", "mfra", "--rank", "2", "--iteration-limit", "12",
                "--threads", "2", "--save-to", Path.Combine(dir, "a.lrmtp"));
            Assert.True(code == 0, stderr);
            Assert.Contains("rank  1:", stdout);
            Assert.Contains("rank  2:", stdout);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(2, "unknown compression method 'pca'", "--method", "pca", "--rank", "2")]
    [InlineData(2, "--rank R (matrix methods) or --ranks", "--method", "mf")]
    [InlineData(2, "--unfolding", "--method", "mf", "--rank", "2", "--unfolding", "rows")]
    [InlineData(1, "works on a tensor view", "--method", "tucker", "--ranks", "2,2,2", "--unfolding", "pairs")]
    [InlineData(1, "exceeds min(m, n) = 9", "--method", "rmf", "--rank", "10")]
    public void BadRequestsGetAClearError(int exit, string message, params string[] options)
    {
        var (code, _, stderr) = Run(["compress", Pot, TestData.Path("generated", "mlip-3-build", "multi100.cfg"), "--save-to", "/tmp/never.lrmtp", .. options]);
        Assert.Equal(exit, code);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists("/tmp/never.lrmtp"));
    }
}
