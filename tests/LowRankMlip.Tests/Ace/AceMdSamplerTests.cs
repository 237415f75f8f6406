using LowRankMlip.Ace;
using LowRankMlip.Mtp;

namespace LowRankMlip.Tests.Ace;

/// <summary>MD-sampled reference frames: seeded Langevin NVT with the ACE potential as the force provider.</summary>
public sealed class AceMdSamplerTests
{
    private static readonly AceMdSampler.Settings Short = new(AceLattice.Fcc, 4.05, [300, 900], Picoseconds: 0.03, Frames: 3, Masses: [26.9815, 58.6934], Seed: 5);

    [Fact]
    public void FramesAreDeterministicForASeedAndLabelledByAFreshEvaluation()
    {
        var p = AcePotentials.AlNi;
        var first = AceMdSampler.Sample(p, Short);
        var again = AceMdSampler.Sample(p, Short);
        Assert.Equal(6, first.Count);
        Assert.Equal(["300", "300", "300", "900", "900", "900"], first.Select(f => f.GetFeature("md_temperature_K")));
        var evaluator = new AceEvaluator(p);
        for (int k = 0; k < first.Count; k++)
        {
            Assert.Equal(first[k].Positions, again[k].Positions);
            Assert.Equal(first[k].Energy, again[k].Energy);
            var fresh = evaluator.Evaluate(first[k]);
            Assert.Equal(fresh.Energy, first[k].Energy!.Value);
            Assert.Equal(fresh.ForcesCopy(), first[k].Forces);
            Assert.Equal(fresh.VirialMlipOrder(), first[k].Virial);
        }
        // The frames move: consecutive snapshots differ, and a different seed gives a different trajectory.
        Assert.NotEqual(first[0].Positions, first[1].Positions);
        Assert.NotEqual(first[0].Positions, AceMdSampler.Sample(p, Short with { Seed = 6 })[0].Positions);
    }

    [Fact]
    public void ForceProviderMatchesTheEvaluatorAndRejectsAShortNeighbourList()
    {
        var p = AcePotentials.AlNi;
        var cfg = AceVariants.Structure("AlNi", 44);
        var provider = new AceForceProvider(p, "Al-Ni");
        var result = new EfsResult();
        provider.Compute(cfg, NeighborList.Build(cfg, provider.Cutoff + 0.5), result);
        Assert.Equal(new AceEvaluator(p).Evaluate(cfg).Energy, result.Energy, 1e-12 * Math.Abs(result.Energy));
        var error = Assert.Throws<ArgumentException>(() => provider.Compute(cfg, NeighborList.Build(cfg, provider.Cutoff - 1), result));
        Assert.Contains("neighbour list", error.Message);
    }

    [Fact]
    public void BadSettingsNameWhatIsWrong()
    {
        var p = AcePotentials.AlNi;
        Assert.Contains("2 species", Assert.Throws<ArgumentException>(() => AceMdSampler.Sample(p, Short with { Masses = [27] })).Message);
        Assert.Contains("fewer than the 3 frames", Assert.Throws<ArgumentException>(() => AceMdSampler.Sample(p, Short with { Picoseconds = 0.001 })).Message);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(["ace-sample", AcePotentials.AlNiPath, Path.Combine(Path.GetTempPath(), "never.cfg"), "--lattice", "fcc", "--a", "4.05",
            "--md-temperatures", "300"], o, e);
        Assert.NotEqual(0, code);
        Assert.Contains("--md-temperatures needs --masses", e.ToString());
    }
}
