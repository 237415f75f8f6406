using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Tests.Mtp;

/// <summary>.mtp/.almtp reading and writing (mtp-spec §7): templates, trained files, dialects, exact round trip, errors.</summary>
public class MtpFileTests
{
    public static TheoryData<string> Templates()
    {
        var d = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(TestData.Path("untrained_mtps"), "*.almtp").Order(StringComparer.Ordinal))
            d.Add(Path.GetFileName(f));
        return d;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void EveryTemplateParsesWithItsLevelAndRoundTrips(string name)
    {
        var p = MtpFile.Read(TestData.Path("untrained_mtps", name));
        Assert.False(p.IsTrained);
        if (!name.StartsWith("depreciated", StringComparison.Ordinal))
            Assert.Equal(int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture), p.Level);
        var text = MtpFile.Format(p);
        var again = MtpFile.Parse(text, "round-trip");
        Assert.Equal(text, MtpFile.Format(again));
        Assert.Equal(p.Basis.TimesRows, again.Basis.TimesRows);
    }

    public static TheoryData<string> TrainedFiles() => new()
    {
        "motep-mtp-oracle/fitting/crystals/cubic/20/pot.mtp",
        "motep-mtp-oracle/fitting/crystals/multi/10/pot.mtp",
        "mlearn-zuo2020/fitted-mtp/Si/fitted.mtp",
        "monbtaw-li2020/mtp-yin2021/quaternary.mtp",
        "li3ycl6-mtp-qi2021/fitted.mtp.PBE.PBE",
        "samples/mlip-3/test/self-test/PdAg_20g_str.mtp",
        "samples/mlip-3/test/self-test/learned_abs.mtp",
        "samples/mlip-3/test/examples/01.train/sample_out/pot.almtp",
        "generated/mlip-3-build/cubic300_10_trained.almtp",
    };

    [Theory]
    [MemberData(nameof(TrainedFiles))]
    public void TrainedFilesRoundTripExactly(string relative)
    {
        var p = MtpFile.Read(TestData.Path(relative.Split('/')));
        Assert.True(p.IsTrained);
        var again = MtpFile.Parse(MtpFile.Format(p), "round-trip");
        Assert.Equal(p.RadialCoeffs, again.RadialCoeffs);
        Assert.Equal(p.SpeciesCoeffs, again.SpeciesCoeffs);
        Assert.Equal(p.MomentCoeffs, again.MomentCoeffs);
        Assert.Equal(p.Scaling, again.Scaling);
        Assert.Equal(p.MinDist, again.MinDist);
        Assert.Equal(p.SpeciesTypes, again.SpeciesTypes);
        Assert.Equal(p.BasisKind, again.BasisKind);
    }

    [Fact]
    public void Mlip3WrittenFileIsReproducedByteForByte()
    {
        // MLIP-3 wrote this potential; our writer reproduces its MTP part exactly.
        var text = File.ReadAllText(TestData.Path("generated", "mlip-3-build", "cubic100_08_trained.almtp"));
        var mtpPart = text[..(text.IndexOf("moment_coeffs", StringComparison.Ordinal))];
        var ours = MtpFile.Format(MtpFile.Parse(text, "cubic100_08_trained.almtp"));
        Assert.StartsWith(mtpPart, ours, StringComparison.Ordinal);
    }

    [Fact]
    public void OldKeyNamesAndBlockScalingAreRead()
    {
        var p = MtpFile.Read(TestData.Path("samples", "mlip-3", "test", "self-test", "unlearned.mtp"));
        Assert.Equal(1.95, p.MinDist);
        Assert.Equal(0.1, p.Scaling); // radial-basis block 'scaling = 0.1' multiplies the global scaling (mtp-spec §3.2)
        Assert.Equal(2, p.SpeciesCount);
    }

    [Theory]
    [InlineData("samples/mlip-3/test/self-test/mlips/lightweight.mtp", "version = 1.0.2")]
    [InlineData("samples/mlip-3/test/self-test/MTP61.mtp", "RBShapeev is not supported")]
    public void UnsupportedDialectsAreRejectedClearly(string relative, string fragment)
    {
        var e = Assert.Throws<InputFormatException>(() => MtpFile.Read(TestData.Path(relative.Split('/'))));
        Assert.Contains(Path.GetFileName(relative), e.Message);
        Assert.Contains(fragment.Replace("version = ", "version '", StringComparison.Ordinal).Split(' ')[0], e.Message);
    }

    private static string Cubic10Text => File.ReadAllText(TestData.Path("motep-mtp-oracle", "fitting", "crystals", "cubic", "10", "pot.mtp"));

    [Theory]
    [InlineData("alpha_index_basic_count = 25", "alpha_index_basic_count = 24", "alpha_index_basic has 25 rows but alpha_index_basic_count = 24")]
    [InlineData("alpha_scalar_moments = 16", "alpha_scalar_moments = 17", "alpha_moment_mapping has 16 entries but alpha_scalar_moments = 17")]
    [InlineData("species_count = 1", "species_count = 2", "radial_coeffs")]
    [InlineData("radial_funcs_count = 3", "radial_funcs_count = 4", "radial_coeffs 0-0 function 3")]
    [InlineData("alpha_moments_count = 41", "", "expected 'alpha_moments_count = …'")]
    [InlineData("radial_basis_type = RBChebyshev", "radial_basis_type = RBSomething", "RBSomething is not supported")]
    public void InconsistentFilesGiveErrorsNamingTheProblem(string find, string replace, string expected)
    {
        var text = Cubic10Text;
        Assert.Contains(find, text);
        var e = Assert.Throws<InputFormatException>(() => MtpFile.Parse(text.Replace(find, replace, StringComparison.Ordinal), "broken.mtp"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("broken.mtp:", e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void MissingMomentCoeffsIsAnError()
    {
        var text = Cubic10Text;
        var cut = text[..text.IndexOf("moment_coeffs", StringComparison.Ordinal)];
        var e = Assert.Throws<InputFormatException>(() => MtpFile.Parse(cut, "cut.mtp"));
        Assert.Contains("moment_coeffs", e.Message);
    }
}
