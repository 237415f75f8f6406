using LowRankMlip.Tests.Mtp;
using LowRankMlip.Training;

namespace LowRankMlip.Tests.Training;

/// <summary>
/// The loss at the radial point of the last normal equations takes E, F and W from the kept design columns
/// (variable projection's every evaluation); value and gradient must equal those of a full evaluation pass.
/// </summary>
public class DesignCacheTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LossFromKeptColumnsEqualsTheEvaluatedLoss(int threads)
    {
        var pot = LossGradientTests.Perturbed(Potentials.Multi10, 4);
        var set = new TrainingSet(LossGradientTests.LabelledSet(5, 8, 3, atoms: 7, edge: 6.0), pot.MaxDist);
        var weights = new LossWeights { StressWeight = 0.01, PenaltyWeight = 1e-3 };
        var kept = new Loss(pot, set, weights, threads);
        var x = kept.Layout.Pack(pot);
        LinearSolver.Solve(kept, x, threads);
        var fromColumns = new double[x.Length];
        double valueFromColumns = kept.Evaluate(x, fromColumns);
        Assert.Equal(1, kept.EvaluationsFromDesign);

        var plain = new Loss(pot, set, weights, threads) { Scaling = kept.Scaling };
        kept.LinearRegularization.CopyTo(plain.LinearRegularization, 0); // P_linear as set by the solve
        var evaluated = new double[x.Length];
        double value = plain.Evaluate(x, evaluated);
        Assert.Equal(0, plain.EvaluationsFromDesign);

        Assert.Equal(value, valueFromColumns, 1e-11 * value);
        Assert.Equal(plain.LastForceRmse, kept.LastForceRmse, 1e-11 * plain.LastForceRmse);
        Assert.Equal(plain.LastEnergyRmsePerAtom, kept.LastEnergyRmsePerAtom, 1e-9 * plain.LastEnergyRmsePerAtom + 1e-15);
        double norm = Math.Sqrt(evaluated.Sum(g => g * g));
        for (int p = 0; p < x.Length; p++)
            Assert.True(Math.Abs(evaluated[p] - fromColumns[p]) < 1e-10 * norm, $"∂L/∂p[{p}]: {fromColumns[p]:E6} vs {evaluated[p]:E6}");
    }

    [Fact]
    public void ColumnsAreNotUsedAwayFromTheirRadialPoint()
    {
        var (pot, set, loss, x) = Solved(Potentials.Multi10);
        x[0] += 1e-3; // another radial point: the kept columns no longer describe it
        double moved = loss.Evaluate(x, Span<double>.Empty);
        Assert.Equal(0, loss.EvaluationsFromDesign);
        var reference = new Loss(pot, set, new LossWeights(), threads: 1) { Scaling = loss.Scaling };
        loss.LinearRegularization.CopyTo(reference.LinearRegularization, 0);
        Assert.Equal(reference.Evaluate(x, Span<double>.Empty), moved, 1e-14 * moved);
        loss.Scaling *= 1.01; // and another scaling
        x[0] -= 1e-3;
        loss.Evaluate(x, Span<double>.Empty);
        Assert.Equal(0, loss.EvaluationsFromDesign);
    }

    [Fact]
    public void RepulsivePairTermIsAlwaysEvaluated()
    {
        // RBChebyshev_repuls adds a part that is not linear in [ξ | θ]: no columns are kept.
        var (_, _, loss, x) = Solved(Potentials.Repulsive20);
        loss.Evaluate(x, Span<double>.Empty);
        Assert.Equal(0, loss.EvaluationsFromDesign);
    }

    [Fact]
    public void ColumnsAreKeptOnlyWithinTheMemoryLimit()
    {
        var pot = LossGradientTests.Perturbed(Potentials.Multi10, 5);
        var set = new TrainingSet(LossGradientTests.LabelledSet(3, 9, 3, atoms: 6, edge: 6.0), pot.MaxDist);
        long bytes = 8L * pot.Basis.ScalarCount * set.Configurations.Sum(c => 1 + 3 * c.AtomCount + 9);
        Assert.NotNull(DesignCache.TryCreate(pot, set, byteLimit: bytes));
        Assert.Null(DesignCache.TryCreate(pot, set, byteLimit: bytes - 1));
    }

    /// <summary>A perturbed potential, a small labelled set and a loss whose linear part was just solved (columns kept where possible).</summary>
    private static (LowRankMlip.Mtp.MtpPotential, TrainingSet, Loss, double[]) Solved(LowRankMlip.Mtp.MtpPotential source)
    {
        var pot = LossGradientTests.Perturbed(source, 5);
        var set = new TrainingSet(LossGradientTests.LabelledSet(3, 9, 3, atoms: 6, edge: 6.0), pot.MaxDist);
        var loss = new Loss(pot, set, new LossWeights(), threads: 1);
        var x = loss.Layout.Pack(pot);
        LinearSolver.Solve(loss, x, threads: 1);
        return (pot, set, loss, x);
    }
}
