using LowRankMlip.Ace;
using LowRankMlip.LowRank;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Tests.Ace;

/// <summary>Fits by the force-aware ACE loss: c̃ jointly with crad (manifold × c̃), and mfra (rank augmentation).</summary>
public class AceLossFitTests
{
    /// <summary>Four perturbed fcc cells with the potential's energies, forces and virials as labels.</summary>
    private static List<Configuration> Labelled(AcePotential p, int seed)
    {
        var reference = AceReferenceSampler.Sample(AceLattice.Fcc, 4.05, 2, 4, seed, rattle: 0.1);
        var ev = new AceEvaluator(p);
        foreach (var cfg in reference)
        {
            var r = ev.Evaluate(cfg);
            var m = r.VirialMatrix;
            (cfg.Energy, cfg.Forces, cfg.Virial) = (r.Energy, r.Forces, [m[0], m[4], m[8], m[5], m[2], m[1]]);
        }
        return reference;
    }

    [Fact]
    public void JointManifoldIsTheProductOfTheRadialManifoldAndTheCoefficients()
    {
        var p = AcePotentials.AlNi;
        var radial = AceRadialTruncation.Manifold(p, RadialView.PairMu, [1]);
        var joint = new AceJointManifold(radial, 3);
        int c = radial.Shape.Length;
        Assert.Equal(c + 3, joint.Shape.Length);
        Assert.Equal(radial.Dimension + 3, joint.Dimension);
        var x = new AceJointManifold.Point(radial.Truncate(AceRadialTensor.FlattenLive(p)), [1.0, 2.0, 3.0]);
        var rng = new Random(2);
        var ambient = Enumerable.Range(0, c + 3).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var tangent = new double[c + 3];
        joint.Project(x, ambient, tangent);
        var expected = new double[c];
        radial.Project(x.RadialPoint, ambient.AsSpan(0, c), expected);
        Assert.Equal(expected, tangent[..c]);
        Assert.Equal(ambient[c..], tangent[c..]);
        var moved = (AceJointManifold.Point)joint.Retract(x, tangent, 0.5);
        Assert.Equal(radial.Retract(x.RadialPoint, tangent.AsSpan(0, c), 0.5).Dense, moved.RadialPoint.Dense);
        Assert.Equal([1 + 0.5 * tangent[c], 2 + 0.5 * tangent[c + 1], 3 + 0.5 * tangent[c + 2]], moved.Coefficients);
        Assert.Equal([.. moved.RadialPoint.Dense, .. moved.Coefficients], moved.Dense);
    }

    [Theory]
    [InlineData("rmf")]
    [InlineData("mf")]
    public void FreeingCtildeContinuesBelowTheRadialOnlyFit(string method)
    {
        var p = AcePotentials.AlNi;
        var loss = new AceLoss(Labelled(p, 21), p.MaxCutoff, new LossWeights(), threads: 2);
        var manifold = AceRadialTruncation.Manifold(p, RadialView.PairMu, [1]);
        AceRadialFit.Outcome Run(int iterations, bool fitCtilde) => method == "mf"
            ? AceRadialFit.FitFactors(p, new FactoredMatrix(manifold.Shape, RadialView.PairMu, 1), loss, new StoppingCriteria { IterationLimit = iterations }, fitCtilde)
            : AceRadialFit.Fit(p, manifold, loss, new StoppingCriteria { IterationLimit = iterations }, fitCtilde);
        var radialOnly = Run(15, fitCtilde: false);
        // The joint fit runs the same 15 crad-only iterations first, then crad and c̃ together: never higher.
        var joint = Run(30, fitCtilde: true);
        Assert.True(joint.Loss < radialOnly.Loss, $"joint {joint.Loss} vs crad only {radialOnly.Loss}");
        Assert.NotEqual(p.FlattenCtildes(), joint.Potential.FlattenCtildes());
        Assert.Equal(p.FlattenCtildes(), radialOnly.Potential.FlattenCtildes());
        Assert.Equal(joint.Loss, loss.Evaluate(joint.Potential, Span<double>.Empty, Span<double>.Empty).Loss, 1e-9 * joint.Loss);
    }

    [Fact]
    public void MfraRaisesTheRankFromOneToTheTargetWithoutRaisingTheLoss()
    {
        var p = AcePotentials.AlNi;
        var loss = new AceLoss(Labelled(p, 23), p.MaxCutoff, new LossWeights(), threads: 2);
        var steps = new List<AceRadialFit.RankStep>();
        var fit = AceRadialFit.FitRankAugmented(p, RadialView.PairMu, 2, loss, new StoppingCriteria { IterationLimit = 30 }, onRank: steps.Add);
        Assert.Equal([1, 2], steps.Select(s => s.Rank));
        Assert.True(steps[1].Loss < steps[0].Loss, $"rank 2 loss {steps[1].Loss} vs rank 1 {steps[0].Loss}");
        Assert.True(fit.StartLoss > steps[0].Loss);
        Assert.Equal(2, fit.Point.Ranks[0]);
        Assert.Equal(fit.Loss, loss.Evaluate(fit.Potential, Span<double>.Empty, Span<double>.Empty).Loss, 1e-9 * fit.Loss);
        Assert.InRange(steps.Sum(s => s.Iterations), 1, 30);
    }

    [Fact]
    public void CompressCliFitsForcesWithCtildeByMfraAndWritesTheYace()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-ace-loss").FullName;
        try
        {
            string reference = Path.Combine(dir, "ref.cfg"), output = Path.Combine(dir, "c.yace");
            LowRankMlip.Io.CfgWriter.WriteAll(reference, Labelled(AcePotentials.AlNi, 25), LowRankMlip.Io.CfgPrecision.Lossless);
            var o = new StringWriter();
            var e = new StringWriter();
            int code = LowRankMlip.Cli.Program.Run(["compress", AcePotentials.AlNiPath, reference, "--method", "mfra", "--unfolding", "pairmu", "--rank", "2",
                "--fit-ctilde", "--iteration-limit", "20", "--force-weight", "0.05", "--save-to", output, "--threads", "1"], o, e);
            Assert.True(code == 0, e.ToString());
            string stdout = o.ToString();
            Assert.Contains("rank 1: loss", stdout);
            Assert.Contains("rank 2: loss", stdout);
            Assert.Contains("fit (mfra with c̃, ", stdout);
            Assert.Contains("wF 0.05", stdout);
            Assert.NotEqual(AcePotentials.AlNi.FlattenCtildes(), YaceFile.Read(output).FlattenCtildes());
        }
        finally { Directory.Delete(dir, true); }
    }
}
