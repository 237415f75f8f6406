using LowRankMlip.Ace;
using LowRankMlip.LowRank;

namespace LowRankMlip.Tests.Ace;

/// <summary>crad as the suite's radial tensor, its truncation, and the loss gradients (ace-spec §10).</summary>
public class AceCompressionTests
{
    private static readonly Configuration AlNiCell = AceVariants.Structure("AlNi", 61);

    /// <summary>Three perturbed fcc cells with the potential's energies as labels.</summary>
    private static List<Configuration> LabelledReference(AcePotential p, int seed)
    {
        var reference = AceReferenceSampler.Sample(AceLattice.Fcc, 4.05, 2, 3, seed, rattle: 0.1);
        var ev = new AceEvaluator(p);
        foreach (var cfg in reference) cfg.Energy = ev.Evaluate(cfg).Energy;
        return reference;
    }

    [Fact]
    public void TensorRoundTripAndLiveMaskKeepTheEnergy()
    {
        foreach (var p in new[] { AcePotentials.AlNi, AcePotentials.InP })
        {
            var back = AceRadialTensor.WithTensor(p, AceRadialTensor.Flatten(p));
            for (int a = 0; a < p.SpeciesCount; a++)
                for (int b = 0; b < p.SpeciesCount; b++) Assert.Equal(p.Bonds[a, b].RadCoefficients, back.Bonds[a, b].RadCoefficients);
            var live = AceRadialTensor.WithTensor(p, AceRadialTensor.FlattenLive(p));
            var cfg = p == AcePotentials.InP ? AceVariants.Structure("InP", 62) : AlNiCell;
            Assert.Equal(new AceEvaluator(p).Evaluate(cfg).Energy, new AceEvaluator(live).Evaluate(cfg).Energy, 1e-12 * Math.Abs(new AceEvaluator(p).Evaluate(cfg).Energy));
        }
        // InP: FitSNAP's identity crad uses only n ≤ 3 in its products: 4 pairs × 3 n × 3 l × 22 k live entries.
        Assert.Equal(792, AceRadialTensor.LiveMask(AcePotentials.InP).Count(x => x));
    }

    [Theory]
    [InlineData("pairmu", new[] { 2 })]
    [InlineData("tensor4", new[] { 2, 2, 3, 2 })]
    public void FullRankTruncationIsExactAndLowRankIsNot(string view, int[] ranks)
    {
        var p = AcePotentials.AlNi;
        var v = RadialViews.Parse(view);
        var exact = AceRadialTruncation.Truncate(p, AceRadialTruncation.Manifold(p, v, ranks));
        double e0 = new AceEvaluator(p).Evaluate(AlNiCell).Energy;
        Assert.Equal(e0, new AceEvaluator(exact).Evaluate(AlNiCell).Energy, 1e-9 * Math.Abs(e0));
        var low = AceRadialTruncation.Truncate(p, AceRadialTruncation.Manifold(p, v, [.. ranks.Select(_ => 1)]));
        Assert.True(Math.Abs(new AceEvaluator(low).Evaluate(AlNiCell).Energy - e0) > 1e-3);
    }

    [Fact]
    public void EnergyGradientsMatchFiniteDifferences()
    {
        var p = AceVariants.Named("FinnisSinclairSqrt");
        var (_, dCrad, dCtildes) = new AceEvaluator(p).EnergyGradients(AlNiCell);
        var crad = AceRadialTensor.Flatten(p);
        const double h = 1e-6;
        var live = AceRadialTensor.LiveMask(p);
        for (int i = 0; i < crad.Length; i++)
        {
            if (!live[i]) { Assert.Equal(0.0, dCrad[i]); continue; }
            double Energy(double delta)
            {
                var x = (double[])crad.Clone();
                x[i] += delta;
                return new AceEvaluator(AceRadialTensor.WithTensor(p, x)).Evaluate(AlNiCell).Energy;
            }
            double fd = (Energy(h) - Energy(-h)) / (2 * h);
            Assert.True(Math.Abs(fd - dCrad[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"crad[{i}]: finite difference {fd:R}, analytic {dCrad[i]:R}");
        }
        var c = p.FlattenCtildes();
        for (int i = 0; i < c.Length; i++)
        {
            double Energy(double delta)
            {
                var x = (double[])c.Clone();
                x[i] += delta;
                return new AceEvaluator(p.WithCtildes(x)).Evaluate(AlNiCell).Energy;
            }
            double fd = (Energy(h) - Energy(-h)) / (2 * h);
            Assert.True(Math.Abs(fd - dCtildes[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"ctilde[{i}]: finite difference {fd:R}, analytic {dCtildes[i]:R}");
        }
    }

    [Fact]
    public void LossGradientMatchesFiniteDifferencesAndVanishesAtTheReference()
    {
        var p = AcePotentials.AlNi;
        var reference = LabelledReference(p, seed: 5);
        var loss = new AceLoss(reference, p.MaxCutoff, AceLoss.EnergyOnly);
        Assert.True(loss.Evaluate(p, Span<double>.Empty, Span<double>.Empty).Loss < 1e-24);
        // Perturb crad, then check the loss gradient along a random direction.
        var crad = AceRadialTensor.Flatten(p);
        var rng = new Random(3);
        var direction = crad.Select(_ => rng.NextDouble() - 0.5).ToArray();
        var moved = AceRadialTensor.WithTensor(p, crad.Select((x, i) => x + 0.01 * direction[i]).ToArray());
        var gradient = new double[crad.Length];
        loss.Evaluate(moved, gradient, Span<double>.Empty);
        double analytic = gradient.Zip(direction).Sum(t => t.First * t.Second);
        var movedCrad = AceRadialTensor.Flatten(moved);
        double Loss(double t) => loss.Evaluate(AceRadialTensor.WithTensor(p, movedCrad.Select((x, i) => x + t * direction[i]).ToArray()), Span<double>.Empty, Span<double>.Empty).Loss;
        const double h = 1e-6;
        double fd = (Loss(h) - Loss(-h)) / (2 * h);
        Assert.True(Math.Abs(analytic) > 1e-8);
        Assert.Equal(fd, analytic, 1e-5 * Math.Max(1e-3, Math.Abs(fd)));
    }

    [Theory]
    [InlineData("rmf")]
    [InlineData("mf")]
    public void FitLowersTheLossOfTheTruncation(string method)
    {
        var p = AcePotentials.AlNi;
        var reference = LabelledReference(p, seed: 9);
        var manifold = AceRadialTruncation.Manifold(p, RadialView.PairMu, [1]);
        var stop = new LowRankMlip.Training.Optimization.StoppingCriteria { IterationLimit = 10 };
        var loss = new AceLoss(reference, p.MaxCutoff, AceLoss.EnergyOnly);
        var fit = method == "mf"
            ? AceRadialFit.FitFactors(p, new FactoredMatrix(manifold.Shape, RadialView.PairMu, 1), loss, stop)
            : AceRadialFit.Fit(p, manifold, loss, stop);
        Assert.True(fit.StartLoss > 1e-2, $"truncation loss {fit.StartLoss}");
        Assert.True(fit.Loss < 0.1 * fit.StartLoss, $"fit loss {fit.Loss} vs truncation {fit.StartLoss}");
        Assert.Equal(fit.Loss, loss.Evaluate(fit.Potential, Span<double>.Empty, Span<double>.Empty).Loss, 1e-9 * Math.Max(1, fit.Loss));
        // The fitted point is rank 1 in the pairmu view; the .yace keeps only its entries inside each
        // bond's sizes, which the energy does not tell apart (checked by the loss above).
        var flat = fit.Point.Dense;
        var shape = AceRadialTensor.Shape(p);
        var (rows, columns) = RadialViews.MatrixShape(shape, RadialView.PairMu);
        var matrix = new double[rows * columns];
        RadialViews.ToMatrix(flat, shape, RadialView.PairMu, matrix);
        var s = DenseAlgebra.ThinSvd(DenseAlgebra.FromRowMajor(matrix, rows, columns)).S;
        Assert.True(s[1] < 1e-10 * s[0], $"second singular value {s[1]} of {s[0]}");
    }

    [Fact]
    public void FactoredRadialContractionOfALowRankCradEqualsTheDenseOne()
    {
        var p = AcePotentials.InP;
        Assert.Null(new AceEvaluator(p).FactoredRadialRank); // identity crad: full pairmu rank
        var compressed = AceRadialTruncation.Truncate(p, AceRadialTruncation.Manifold(p, RadialView.PairMu, [3]));
        // The dense (n, l) path is the one the factored contraction serves (the latent path bypasses it).
        var factored = new AceEvaluator(compressed, allowLatent: false);
        Assert.Equal(3, factored.FactoredRadialRank);
        var cfg = AceVariants.Structure("InP", 63);
        var a = new AceEvaluator(compressed, allowFactoredRadial: false, allowLatent: false).Evaluate(cfg);
        var b = factored.Evaluate(cfg);
        Assert.Equal(a.Energy, b.Energy, 1e-11 * Math.Abs(a.Energy));
        for (int k = 0; k < 3 * cfg.AtomCount; k++) Assert.Equal(a.Forces[k], b.Forces[k], 1e-10 * Math.Max(1, Math.Abs(a.Forces[k])));
        for (int k = 0; k < 9; k++) Assert.Equal(a.VirialMatrix[k], b.VirialMatrix[k], 1e-10 * Math.Max(1, Math.Abs(a.VirialMatrix[k])));
    }
}
