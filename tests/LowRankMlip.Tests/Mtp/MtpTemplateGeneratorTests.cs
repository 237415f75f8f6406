using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;
using LowRankMlip.Mtp.Templates;

namespace LowRankMlip.Tests.Mtp;

/// <summary>The generated templates against MLIP-3's files (mtp-spec §4.4): the same basis functions, one for one.</summary>
public class MtpTemplateGeneratorTests
{
    [Theory]
    [InlineData(6, "06.almtp")]
    [InlineData(8, "08.almtp")]
    [InlineData(10, "10.almtp")]
    [InlineData(2, "depreciated-02.almtp")]
    [InlineData(4, "depreciated-04.almtp")]
    public void GeneratedBasisEqualsMlipTemplateFunctionByFunction(int level, string file)
    {
        var mlip = MtpFile.Read(TestData.Path("untrained_mtps", file));
        var generated = MtpTemplateGenerator.Template(level);
        Assert.Equal(mlip.RadialFunctionCount, generated.RadialFunctionCount);
        Assert.Equal(mlip.Basis.BasicCount, generated.Basis.BasicCount);
        Assert.Equal(mlip.Basis.ScalarCount, generated.Basis.ScalarCount);
        Assert.Equal(level, generated.Level);
        Assert.Null(generated.Basis.Validate(generated.RadialFunctionCount));

        // Both bases evaluated on the same random neighbourhoods: every MLIP function is one generated
        // function (same weights, so equal values), and no two are matched to the same one.
        var samples = new MomentSamples(60, 6, generated.RadialFunctionCount, seed: 5);
        var ours = samples.Scalars(generated.Basis);
        var theirs = samples.Scalars(mlip.Basis);
        var matched = new HashSet<int>();
        foreach (var f in theirs)
        {
            int hit = Array.FindIndex(ours, g => g.Zip(f).All(p => Math.Abs(p.First - p.Second) <= 1e-10 * (1 + Math.Abs(p.Second))));
            Assert.True(hit >= 0, "an MLIP basis function has no generated counterpart");
            Assert.True(matched.Add(hit), "two MLIP basis functions matched one generated function");
        }
    }

    [Fact]
    public void GeneratedTemplateRoundTripsThroughTheMtpFormat()
    {
        var generated = MtpTemplateGenerator.Template(10);
        var text = MtpFile.Format(generated);
        var back = MtpFile.Parse(text, "generated-10.almtp");
        Assert.Equal(generated.Basis.TimesRows, back.Basis.TimesRows);
        Assert.Equal(generated.Basis.Mapping, back.Basis.Mapping);
        Assert.False(back.IsTrained);
    }

    [Fact]
    public void UnsupportedLevelIsRefusedWithTheReason()
    {
        var e = Assert.Throws<ArgumentException>(() => MtpTemplateGenerator.Template(12));
        Assert.Contains("level 12", e.Message);
        Assert.Contains("untrained_mtps/12.almtp", e.Message);
    }

    [Fact]
    public void TheTemplateVerbWritesAReadableTemplateAndRefusesLevel12()
    {
        var dir = Directory.CreateTempSubdirectory("lrmlip-template-").FullName;
        try
        {
            var path = Path.Combine(dir, "08.almtp");
            var err = new StringWriter();
            Assert.Equal(0, LowRankMlip.Cli.Program.Run(["template", "--level", "8", path], new StringWriter(), err));
            var written = MtpFile.Read(path);
            Assert.Equal(9, written.Basis.ScalarCount);
            Assert.Equal(8, written.Level);
            Assert.Contains("9 basis functions", err.ToString());

            err = new StringWriter();
            Assert.Equal(2, LowRankMlip.Cli.Program.Run(["template", "--level", "12", Path.Combine(dir, "12.almtp")], new StringWriter(), err));
            Assert.Contains("level 12 cannot be generated", err.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "12.almtp")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
