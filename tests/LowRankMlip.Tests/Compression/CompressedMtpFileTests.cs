using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Tests.Compression;

public class CompressedMtpFileTests
{
    [Fact]
    public void EveryKindRoundTripsExactlyAndExportsTheSameEnergiesAndForces()
    {
        var p = CompressionFixtures.Potential;
        var configurations = CompressionFixtures.Data(3);
        bool latentUsed = false;
        foreach (var (name, method, radial) in CompressionFixtures.EveryKind(p))
        {
            var compressed = new CompressedPotential(method, radial, p);
            var text = CompressedMtpFile.Format(compressed);
            var back = CompressedMtpFile.Parse(text, "x.lrmtp");
            Assert.Equal(text, CompressedMtpFile.Format(back));
            Assert.Equal(radial.Kind, back.Radial.Kind);
            Assert.Equal(radial.Ranks, back.Radial.Ranks);
            for (int f = 0; f < radial.Factors.Count; f++) Assert.Equal(radial.Factors[f].Data, back.Radial.Factors[f].Data);
            Assert.Equal(compressed.Potential.RadialCoeffs, back.Potential.RadialCoeffs);
            Assert.Equal(p.MomentCoeffs, back.Potential.MomentCoeffs);
            Assert.Equal(p.SpeciesTypes, back.Potential.SpeciesTypes);

            // export-mtp: the dense file MLIP loads gives the compressed potential's energies and forces.
            var exported = MtpFile.Parse(MtpFile.Format(back.Potential), "export.mtp");
            var a = EvaluatorFactory.Create(back);
            latentUsed |= a.Latent is { } l && l.Rank < back.Potential.RadialFunctionCount;
            var b = new MtpEvaluator(exported);
            foreach (var cfg in configurations)
            {
                var ra = a.Evaluate(cfg);
                var rb = b.Evaluate(cfg);
                Assert.True(Math.Abs(ra.Energy - rb.Energy) <= 1e-10 * Math.Abs(ra.Energy), $"{name}: {ra.Energy} vs {rb.Energy}");
                double scale = ra.Forces.Max(Math.Abs);
                for (int k = 0; k < ra.Forces.Length; k++) Assert.True(Math.Abs(ra.Forces[k] - rb.Forces[k]) <= 1e-10 * scale, name);
                for (int k = 0; k < 9; k++) Assert.True(Math.Abs(ra.VirialMatrix[k] - rb.VirialMatrix[k]) <= 1e-10 * ra.VirialMatrix.Max(Math.Abs), name);
            }
        }
        // The μ-view rank-2 tensor (K = 3) runs on the latent-function evaluator at its reduced rank.
        Assert.True(latentUsed);
    }

    [Fact]
    public void TheReconstructionIsTheFactorsProduct()
    {
        var p = CompressionFixtures.Potential;
        foreach (var (name, _, radial) in CompressionFixtures.EveryKind(p))
        {
            var again = new CompressedRadial(radial.Kind, radial.Shape, radial.View, radial.Ranks, radial.Factors);
            Assert.Equal(radial.Dense, again.Dense);
            // Truncation of a low-rank tensor to its own ranks returns it (up to rounding).
            if (radial.Kind != FactorizationKind.Factored)
            {
                var point = radial.Manifold().Truncate(radial.Dense);
                double err = point.Dense.Zip(radial.Dense, (x, y) => (x - y) * (x - y)).Sum();
                double norm = radial.Dense.Sum(x => x * x);
                Assert.True(err <= 1e-20 * norm, $"{name}: {err / norm}");
            }
        }
    }

    private static string Valid()
    {
        var p = CompressionFixtures.Potential;
        var (_, method, radial) = CompressionFixtures.EveryKind(p).First();
        return CompressedMtpFile.Format(new CompressedPotential(method, radial, p));
    }

    [Theory]
    [InlineData("format_version = 1", "format_version = 7", 2, "format_version = 7 is not supported")]
    [InlineData("method = mf", "method = pca", 3, "unknown compression method 'pca'")]
    [InlineData("view = pairs", "view = diagonal", 5, "diagonal")]
    [InlineData("ranks = {3}", "ranks = {3, x}", 6, "'x' is not an integer")]
    [InlineData("factorization = factored", "factorization = cp", 4, "expected factored, fixed-rank, tucker or tt")]
    public void MalformedHeadersNameTheLineAndWhatWasExpected(string find, string replace, int line, string message)
    {
        var text = Valid().Replace(find, replace);
        var e = Assert.Throws<InputFormatException>(() => CompressedMtpFile.Parse(text, "bad.lrmtp"));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"bad.lrmtp:{line}:", e.Message);
    }

    [Fact]
    public void AShortFactorRowIsReportedAtItsLine()
    {
        var lines = Valid().Split('\n').ToList();
        int row = lines.FindIndex(l => l.StartsWith("factor V")) + 2; // 1-based line of the first row of V
        lines[row - 1] = lines[row - 1][..lines[row - 1].LastIndexOf(',')] + "}";
        var e = Assert.Throws<InputFormatException>(() => CompressedMtpFile.Parse(string.Join('\n', lines), "bad.lrmtp"));
        Assert.Equal(row, e.Line);
        Assert.Contains("factor V: expected 3 numbers", e.Message);
    }

    [Fact]
    public void ErrorsInTheEmbeddedMtpKeepTheirFileLine()
    {
        var lines = Valid().Split('\n').ToList();
        int at = lines.FindIndex(l => l.StartsWith("alpha_moments_count"));
        lines[at] = "alpha_moments_count = many";
        var e = Assert.Throws<InputFormatException>(() => CompressedMtpFile.Parse(string.Join('\n', lines), "bad.lrmtp"));
        Assert.Equal(at + 1, e.Line);
    }

    [Fact]
    public void FactorsThatDoNotFitTheViewAreRejected()
    {
        var text = Valid().Replace("view = pairs", "view = pairmu");
        var e = Assert.Throws<InputFormatException>(() => CompressedMtpFile.Parse(text, "bad.lrmtp"));
        Assert.Contains("pairmu", e.Message);
    }
}
