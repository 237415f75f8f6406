using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;
using LowRankMlip.Tests.Mtp;
using LowRankMlip.Training;

namespace LowRankMlip.Tests.Training;

/// <summary>
/// The exact loss gradient (energy, force and virial terms, penalties; every parameter block) against
/// central finite differences on small random problems, on every kernel width.
/// </summary>
public class LossGradientTests
{
    /// <summary>Random labelled configurations (labels need not be physical: only the derivative is tested).</summary>
    internal static List<Configuration> LabelledSet(int seed, int count, int species, int atoms = 6, double edge = 6.0)
    {
        var rng = new Random(seed);
        var list = new List<Configuration>();
        for (int k = 0; k < count; k++)
        {
            var c = RandomStructures.Triclinic(seed * 31 + k, atoms + k % 3, species, edge: edge, minDistance: 2.0);
            c.Energy = -3.0 * c.AtomCount + rng.NextDouble();
            c.Forces = Enumerable.Range(0, 3 * c.AtomCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
            c.Virial = Enumerable.Range(0, 6).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            if (k == 1) c.Virial = null;       // a configuration without a label skips that term
            if (k == 2) c.EnergyWeight = 2.5;  // per-configuration weight from the file
            list.Add(c);
        }
        return list;
    }

    internal static MtpPotential Perturbed(MtpPotential p, int seed)
    {
        var q = p.Clone();
        var rng = new Random(seed);
        for (int k = 0; k < q.RadialCoeffs!.Length; k++) q.RadialCoeffs[k] *= 1 + 0.2 * (rng.NextDouble() - 0.5);
        for (int k = 0; k < q.MomentCoeffs!.Length; k++) q.MomentCoeffs[k] *= 1 + 0.2 * (rng.NextDouble() - 0.5);
        return q;
    }

    public static TheoryData<string, KernelPath> Cases() => new()
    {
        { "multi10", KernelPath.Scalar }, { "multi10", KernelPath.Vector256 }, { "multi10", KernelPath.Vector512 },
        { "cubic16", KernelPath.Auto }, { "repulsive20", KernelPath.Auto },
        { "small-cell", KernelPath.Auto }, { "small-cell", KernelPath.Scalar },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string name, KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) path = KernelPath.Scalar;
        var (pot, species, atoms, edge) = name switch
        {
            "multi10" => (Potentials.Multi10, 3, 6, 6.0),
            "cubic16" => (Potentials.Cubic16, 1, 5, 5.5),
            // 1–3 atoms in a ~3.8 Å cell: every atom sees many images of itself (as in bcc Mo cells).
            "small-cell" => (Potentials.Cubic16, 1, 1, 3.8),
            _ => (Potentials.Repulsive20, 3, 5, 5.2),
        };
        pot = Perturbed(pot, 3);
        var set = new TrainingSet(LabelledSet(5, 3, species, atoms, edge), pot.MaxDist);
        var weights = new LossWeights { StressWeight = 0.01, ScaleByForce = 0.5, PenaltyWeight = 1e-3 };
        var loss = new Loss(pot, set, weights, threads: 2, path);
        loss.LinearRegularization[1] = 1e-4;
        var x = loss.Layout.Pack(pot);
        var g = new double[x.Length];
        loss.Evaluate(x, g);
        double scale = g.Select(Math.Abs).Max();
        var failures = new List<string>();
        for (int p = 0; p < x.Length; p++)
        {
            double h = 1e-5 * Math.Max(1e-2, Math.Abs(x[p]));
            double x0 = x[p];
            x[p] = x0 + h; double plus = loss.Evaluate(x, Span<double>.Empty);
            x[p] = x0 - h; double minus = loss.Evaluate(x, Span<double>.Empty);
            x[p] = x0;
            double fd = (plus - minus) / (2 * h);
            if (Math.Abs(fd - g[p]) > 1e-6 * Math.Max(Math.Abs(g[p]), 1e-3 * scale))
                failures.Add($"p={p}: analytic {g[p]:E6}, finite difference {fd:E6}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {x.Length} components differ:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void GradientIsDeterministicForAThreadCountAndWidthIndependent()
    {
        var pot = Perturbed(Potentials.Multi10, 9);
        var set = new TrainingSet(LabelledSet(8, 6, 3), pot.MaxDist);
        double[] Run(int threads, KernelPath path)
        {
            var loss = new Loss(pot, set, new LossWeights(), threads, path);
            var g = new double[loss.Layout.Total];
            loss.Evaluate(loss.Layout.Pack(pot), g);
            return g;
        }
        Assert.Equal(Run(2, KernelPath.Auto), Run(2, KernelPath.Auto));
        var scalar = Run(1, KernelPath.Scalar);
        var vector = Run(2, KernelPath.Auto);
        double scale = scalar.Select(Math.Abs).Max();
        for (int p = 0; p < scalar.Length; p++) Assert.True(Math.Abs(scalar[p] - vector[p]) <= 1e-11 * scale, $"p={p}");
    }
}
