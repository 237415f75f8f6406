using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;
using LowRankMlip.Tests.Mtp;
using LowRankMlip.Training;

namespace LowRankMlip.Tests.Training;

/// <summary>The linear design (per-basis-function E, F, W) and the linear solve of [ξ | θ] (mtp-spec §11.4).</summary>
public class LinearSolverTests
{
    [Theory]
    [InlineData("multi10", KernelPath.Scalar)]
    [InlineData("multi10", KernelPath.Vector256)]
    [InlineData("multi10", KernelPath.Vector512)]
    [InlineData("cubic16", KernelPath.Scalar)]
    [InlineData("cubic16", KernelPath.Vector256)]
    [InlineData("cubic16", KernelPath.Vector512)]
    public void DesignColumnsReproduceTheEvaluation(string name, KernelPath path)
    {
        if (!KernelDispatch.IsSupported(path)) path = KernelPath.Scalar; // a narrower CPU checks the scalar path twice
        var pot = name == "multi10" ? Potentials.Multi10 : Potentials.Cubic16;
        var cfg = RandomStructures.Triclinic(4, 9, pot.SpeciesCount, edge: 6.5, minDistance: 2.1);
        var ev = new MtpEvaluator(pot, path);
        var ws = ev.CreateWorkspace();
        var nl = NeighborList.Build(cfg, ev.Cutoff);
        var design = new LinearDesign();
        ev.ComputeLinearDesign(cfg, nl, ws, design);
        var r = ev.Evaluate(cfg);
        double e = 0;
        for (int s = 0; s < pot.SpeciesCount; s++) e += design.SpeciesCounts[s] * pot.SpeciesCoeffs![s];
        for (int a = 0; a < design.BasisCount; a++) e += pot.MomentCoeffs![a] * design.Energy[a];
        Assert.Equal(r.Energy, e, 1e-9 * Math.Abs(r.Energy));
        for (int l = 0; l < 3 * cfg.AtomCount; l++)
        {
            double f = 0;
            for (int a = 0; a < design.BasisCount; a++) f += pot.MomentCoeffs![a] * design.Forces[a * 3 * cfg.AtomCount + l];
            Assert.True(Math.Abs(f - r.Forces[l]) < 1e-9, $"force {l}: design {f}, evaluator {r.Forces[l]}");
        }
        for (int ab = 0; ab < 9; ab++)
        {
            double w = 0;
            for (int a = 0; a < design.BasisCount; a++) w += pot.MomentCoeffs![a] * design.Virial[a * 9 + ab];
            Assert.True(Math.Abs(w - r.VirialMatrix[ab]) < 1e-9, $"virial {ab}: design {w}, evaluator {r.VirialMatrix[ab]}");
        }
    }

    [Theory]
    [InlineData("multi10")]
    [InlineData("repulsive20")]
    public void SolutionIsStationaryInTheLinearParameters(string name)
    {
        var pot = LossGradientTests.Perturbed(name == "multi10" ? Potentials.Multi10 : Potentials.Repulsive20, 2);
        var set = new TrainingSet(LossGradientTests.LabelledSet(3, 8, 3, atoms: 6, edge: 6.0), pot.MaxDist);
        var loss = new Loss(pot, set, new LossWeights { StressWeight = 0.01, PenaltyWeight = 0 }, threads: 2);
        var x = loss.Layout.Pack(pot);
        var g = new double[x.Length];
        double before = loss.Evaluate(x, g);
        LinearSolver.Solve(loss, x, threads: 2);
        double after = loss.Evaluate(x, g);
        Assert.True(after < before, $"loss {before} → {after}");
        // ∂L/∂[ξ|θ] vanishes at the solution (up to the tiny ridge).
        double scale = Math.Sqrt(after);
        for (int q = loss.Layout.LinearStart; q < x.Length; q++)
            Assert.True(Math.Abs(g[q]) < 1e-6 * Math.Max(1, scale), $"∂L/∂p[{q}] = {g[q]:E3}");
    }
}
