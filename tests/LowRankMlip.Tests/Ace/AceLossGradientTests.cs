using LowRankMlip.Ace;
using LowRankMlip.Training;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// The force/virial loss of <see cref="AceLoss"/>: every block (energy, force, virial term × crad, c̃) of its exact
/// forward-over-reverse gradient against central differences, for both shipped potentials and the variants with a
/// distance inner cutoff and a non-linear Finnis–Sinclair embedding (ace-spec §3, §5, §10).
/// </summary>
public class AceLossGradientTests
{
    /// <summary>Two random cells labelled by the potential, with seeded noise on every label so all residuals are non-zero.</summary>
    private static List<Configuration> NoisyReference(AcePotential p, string structure)
    {
        var rng = new Random(17);
        var evaluator = new AceEvaluator(p);
        var set = new List<Configuration>();
        foreach (int seed in new[] { 31, 32 })
        {
            var cfg = AceVariants.Structure(structure, seed);
            var r = evaluator.Evaluate(cfg);
            double Noise(double scale) => scale * (2 * rng.NextDouble() - 1);
            cfg.Energy = r.Energy + Noise(0.05 * cfg.AtomCount);
            cfg.Forces = r.Forces.Select(f => f + Noise(0.2)).ToArray();
            var v = r.VirialMatrix;
            cfg.Virial = new[] { v[0], v[4], v[8], v[5], v[2], v[1] }.Select(x => x + Noise(0.5)).ToArray();
            set.Add(cfg);
        }
        return set;
    }

    /// <summary>Fourth-order central difference (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h: truncation O(h⁴), so h can be large enough that rounding stays ≪ 1e-6.</summary>
    private static double Derivative(Func<double, double> f, double h) => (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);

    public static TheoryData<string, string, int> Blocks()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (potential, structure) in new[] { ("AlNi", "AlNi"), ("DistanceCore", "DistanceCore"), ("FinnisSinclairSqrt", "AlNi"), ("InP", "InP") })
            for (int term = 0; term < 3; term++) data.Add(potential, structure, term);
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void GradientOfEachTermMatchesCentralDifferences(string potential, string structure, int term)
    {
        var p = AceVariants.Named(potential);
        var reference = NoisyReference(p, structure);
        // One term at a time: 0 energy, 1 force, 2 virial.
        var weights = new LossWeights { EnergyWeight = term == 0 ? 1 : 0, ForceWeight = term == 1 ? 1 : 0, StressWeight = term == 2 ? 1 : 0 };
        var loss = new AceLoss(reference, p.MaxCutoff, weights, threads: 2);
        var crad = AceRadialTensor.Flatten(p);
        var ctilde = p.FlattenCtildes();
        var gCrad = new double[crad.Length];
        var gCtilde = new double[ctilde.Length];
        loss.Evaluate(p, gCrad, gCtilde);

        var live = AceRadialTensor.LiveMask(p);
        var rng = new Random(5 + term);
        var cradDirection = crad.Select((_, i) => live[i] ? 2 * rng.NextDouble() - 1 : 0).ToArray();
        var ctildeDirection = ctilde.Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        double LossAt(double t, bool alongCrad) => loss.Evaluate(alongCrad
                ? AceRadialTensor.WithTensor(p, crad.Select((x, i) => x + t * cradDirection[i]).ToArray())
                : p.WithCtildes(ctilde.Select((x, i) => x + t * ctildeDirection[i]).ToArray()),
            Span<double>.Empty, Span<double>.Empty).Loss;
        foreach (bool alongCrad in new[] { true, false })
        {
            var (g, d) = alongCrad ? (gCrad, cradDirection) : (gCtilde, ctildeDirection);
            double analytic = g.Zip(d).Sum(x => x.First * x.Second);
            double fd = Derivative(t => LossAt(t, alongCrad), 1e-3);
            string block = $"{potential} term {term} along {(alongCrad ? "crad" : "c̃")}";
            Assert.True(Math.Abs(analytic) > 1e-8, $"{block}: the directional derivative {analytic} is too small to test");
            Assert.True(Math.Abs(fd - analytic) <= 1e-6 * Math.Abs(fd), $"{block}: finite difference {fd:R}, analytic {analytic:R}");
        }
    }

    [Fact]
    public void EveryLiveCradComponentOfTheForceTermMatches()
    {
        var p = AceVariants.Named("FinnisSinclairSqrt");
        var reference = NoisyReference(p, "AlNi");
        var loss = new AceLoss(reference, p.MaxCutoff, new LossWeights { EnergyWeight = 0, ForceWeight = 1, StressWeight = 1 });
        var crad = AceRadialTensor.Flatten(p);
        var gradient = new double[crad.Length];
        loss.Evaluate(p, gradient, Span<double>.Empty);
        var live = AceRadialTensor.LiveMask(p);
        double scale = gradient.Max(Math.Abs);
        for (int i = 0; i < crad.Length; i++)
        {
            if (!live[i]) { Assert.Equal(0.0, gradient[i]); continue; }
            double At(double delta)
            {
                var x = (double[])crad.Clone();
                x[i] += delta;
                return loss.Evaluate(AceRadialTensor.WithTensor(p, x), Span<double>.Empty, Span<double>.Empty).Loss;
            }
            double fd = Derivative(At, 1e-3);
            Assert.True(Math.Abs(fd - gradient[i]) <= 1e-6 * Math.Max(1e-3 * scale, Math.Abs(fd)), $"crad[{i}]: finite difference {fd:R}, analytic {gradient[i]:R}");
        }
    }

    [Fact]
    public void ThreadCountChangesOnlyTheSummationOrder()
    {
        // Blocks handed out dynamically, sums in block order: bit-identical for a thread count, equal to rounding across counts.
        var p = AcePotentials.AlNi;
        var reference = NoisyReference(p, "AlNi");
        (double loss, double[] gradient) Run(int threads)
        {
            var g = new double[AceRadialTensor.Shape(p).Length];
            double l = new AceLoss(reference, p.MaxCutoff, new LossWeights(), threads).Evaluate(p, g, Span<double>.Empty).Loss;
            return (l, g);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(two.gradient, Run(2).gradient);
        Assert.Equal(one.loss, two.loss, 1e-12 * one.loss);
        var three = Run(3);
        double norm = Math.Sqrt(one.gradient.Sum(g => g * g));
        for (int i = 0; i < one.gradient.Length; i++)
            Assert.True(Math.Abs(one.gradient[i] - three.gradient[i]) <= 1e-12 * norm, $"crad[{i}]: {one.gradient[i]:R} vs {three.gradient[i]:R}");
    }

    [Fact]
    public void LossIsZeroWithZeroGradientAtExactLabelsAndMatchesItsDefinition()
    {
        var p = AcePotentials.AlNi;
        var reference = NoisyReference(p, "AlNi");
        var w = new LossWeights();
        var value = new AceLoss(reference, p.MaxCutoff, w).Evaluate(p, Span<double>.Empty, Span<double>.Empty);
        // L = (1/K) Σ [wE ΔE² + wF Σ ΔF² + wS Σ ΔW²] (mtp-spec §11.1), recomputed directly.
        double expected = 0;
        var ev = new AceEvaluator(p);
        foreach (var cfg in reference)
        {
            var r = ev.Evaluate(cfg);
            var v = new double[9];
            Units.VirialToMatrix(cfg.Virial!, v);
            expected += w.EnergyWeightFor(cfg) * Math.Pow(r.Energy - cfg.Energy!.Value, 2)
                + w.ForceWeightFor(cfg) * r.Forces.Zip(cfg.Forces!).Sum(x => (x.First - x.Second) * (x.First - x.Second))
                + w.StressWeightFor(cfg) * r.VirialMatrix.Zip(v).Sum(x => (x.First - x.Second) * (x.First - x.Second));
        }
        Assert.Equal(expected / reference.Count, value.Loss, 1e-12 * expected);

        foreach (var cfg in reference)
        {
            var r = ev.Evaluate(cfg);
            cfg.Energy = r.Energy;
            cfg.Forces = r.Forces;
            var m = r.VirialMatrix;
            cfg.Virial = [m[0], m[4], m[8], m[5], m[2], m[1]];
        }
        var exact = new AceLoss(reference, p.MaxCutoff, w);
        var gCrad = new double[AceRadialTensor.Shape(p).Length];
        var gCtilde = new double[p.BasisCoefficientCount];
        Assert.True(exact.Evaluate(p, gCrad, gCtilde).Loss < 1e-24);
        Assert.All(gCrad.Concat(gCtilde), g => Assert.True(Math.Abs(g) < 1e-10));
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(2.0, 0.5)]
    [InlineData(-0.7, 0.8)]
    [InlineData(1e-5, 0.5)]
    [InlineData(4.0, 1.5)]
    public void EmbeddingSecondDerivativeMatchesTheFirstDerivativesDifferences(double rho, double m)
    {
        foreach (var kind in new[] { AceEmbeddingKind.FinnisSinclair, AceEmbeddingKind.FinnisSinclairShiftedScaled })
        {
            double h = 1e-6 * Math.Max(1e-3, Math.Abs(rho));
            AceEmbeddingFunctions.Evaluate(kind, rho + h, m, out double plus);
            AceEmbeddingFunctions.Evaluate(kind, rho - h, m, out double minus);
            double fd = (plus - minus) / (2 * h);
            double analytic = AceEmbeddingCurvature.SecondDerivative(kind, rho, m);
            Assert.True(Math.Abs(fd - analytic) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{kind} ρ={rho} m={m}: finite difference {fd:R}, analytic {analytic:R}");
        }
    }
}
