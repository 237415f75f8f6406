using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Tests.Training;

/// <summary>Training end to end on small real problems (EMT Cu and Au-Ag-Cu sets of the MLIP-3 build).</summary>
public class TrainerTests
{
    private static List<Configuration> Cubic(int count) =>
        CfgReader.Read(TestData.Path("generated", "mlip-3-build", "cubic100.cfg")).Take(count).ToList();

    private static MtpPotential Template(string level) => MtpFile.Read(TestData.Path("untrained_mtps", level + ".almtp"));

    [Fact]
    public void TrainingFromATemplateReachesMlipLikeErrorsAndSavesAValidFile()
    {
        var data = Cubic(40);
        var result = new Trainer(new TrainerOptions { IterationLimit = 150, Tolerance = 0, Threads = 2 }).Run(Template("08"), data, null);
        // A short run (150 iterations on 40 cells) must cut the loss a hundredfold and the force error by ~10×.
        var stats = LowRankMlip.Cli.Commands.CalcErrorsCommand.Compute(new MtpEvaluator(result.Potential), data, 2);
        Assert.True(stats.ForceRmseVector < 0.06, $"force RMSE {stats.ForceRmseVector}"); // from 0.47 at the start
        Assert.True(stats.EnergyRmsePerAtom < 2e-3, $"energy RMSE {stats.EnergyRmsePerAtom}");
        Assert.True(result.History[^1].Loss < 0.01 * result.History[0].Loss, $"loss {result.History[0].Loss} → {result.History[^1].Loss}");
        // The saved potential is an MLIP file that evaluates to the trainer's numbers.
        var reread = MtpFile.Parse(MtpFile.Format(result.Potential), "trained.mtp");
        Assert.Equal(new MtpEvaluator(result.Potential).Evaluate(data[0]).Energy, new MtpEvaluator(reread).Evaluate(data[0]).Energy);
        Assert.Equal([0], reread.SpeciesTypes);
        Assert.True(reread.MinDist < 2.3 && reread.MinDist > 2.2, $"min_dist {reread.MinDist}");
    }

    [Fact]
    public void JointSchemeAndVariableProjectionBothFit()
    {
        var data = Cubic(20);
        var joint = new Trainer(new TrainerOptions { IterationLimit = 60, Tolerance = 0, Threads = 2, VariableProjection = false }).Run(Template("06"), data, null);
        var varpro = new Trainer(new TrainerOptions { IterationLimit = 60, Tolerance = 0, Threads = 2 }).Run(Template("06"), data, null);
        Assert.True(joint.Loss < 0.1 * joint.History[0].Loss, $"joint {joint.History[0].Loss} → {joint.Loss}");
        Assert.True(varpro.Loss < 0.1 * varpro.History[0].Loss, $"varpro {varpro.History[0].Loss} → {varpro.Loss}");
        // The time profile sees each scheme's phases: variable projection builds the linear design at every
        // evaluation, the joint scheme only at its scheduled linear solves; both evaluate the loss throughout,
        // and no phase can exceed the run's wall time.
        foreach (var (result, name) in new[] { (joint, "joint"), (varpro, "varpro") })
        {
            var p = result.Profile;
            Assert.True(p.LossAndGradient > TimeSpan.Zero && p.LinearDesign > TimeSpan.Zero && p.LinearSolve > TimeSpan.Zero, name);
            Assert.True(p.Measured.TotalSeconds <= result.History[^1].ElapsedSeconds + 1, $"{name}: {p.Measured} vs {result.History[^1].ElapsedSeconds} s");
            Assert.Matches(@"^linear design \d+\.\d s \(\d+ %\), linear solves .* loss and gradient .* other ", p.Describe(TimeSpan.FromSeconds(100)));
        }
        Assert.True(varpro.Profile.LinearDesign > joint.Profile.LinearDesign, $"varpro {varpro.Profile.LinearDesign} vs joint {joint.Profile.LinearDesign}");
    }

    [Fact]
    public void RestartScheduleControlsTheScheduledLinearSolves()
    {
        // Each scheduled point re-solves the linear part inside MLIP's scaling search ("rescaled" message);
        // an empty schedule leaves only the searches before and after the optimization.
        var data = Cubic(10);
        int Rescales(int[] schedule)
        {
            int count = 0;
            new Trainer(new TrainerOptions { IterationLimit = 12, Tolerance = 0, Threads = 1, LinearSolveAt = schedule })
            {
                OnMessage = m => { if (m.StartsWith("rescaled")) count++; },
            }.Run(Template("06"), data, null);
            return count;
        }
        int none = Rescales([]);
        Assert.Equal(2, none);
        Assert.Equal(none + 2, Rescales([4, 8]));
        Assert.Equal(none, Rescales([12, 30])); // points at or past the iteration limit are not restarts
    }

    [Fact]
    public void TrainingIsDeterministicForAThreadCount()
    {
        var data = Cubic(12);
        TrainingResult Run() => new Trainer(new TrainerOptions { IterationLimit = 20, Tolerance = 0, Threads = 2 }).Run(Template("06"), data, null);
        var a = Run();
        var b = Run();
        Assert.Equal(a.Potential.RadialCoeffs, b.Potential.RadialCoeffs);
        Assert.Equal(a.Potential.MomentCoeffs, b.Potential.MomentCoeffs);
    }

    [Fact]
    public void SeededRandomInitializationIsReproducibleAndDiffersFromTheDefault()
    {
        var data = Cubic(5);
        var a = TemplateInitializer.Initialize(Template("10"), data, seed: 7);
        var b = TemplateInitializer.Initialize(Template("10"), data, seed: 7);
        var d = TemplateInitializer.Initialize(Template("10"), data, seed: null);
        Assert.Equal(a.RadialCoeffs, b.RadialCoeffs);
        Assert.NotEqual(a.RadialCoeffs, d.RadialCoeffs);
        Assert.Equal(1e-3, d.RadialCoeffs![MtpPotential.RadialIndex(0, 0, 1, 1, 1, d.RadialFunctionCount, d.RadialBasisSize)]);
    }

    [Fact]
    public void MultiSpeciesTemplateTakesItsSpeciesFromTheData()
    {
        var data = CfgReader.Read(TestData.Path("generated", "mlip-3-build", "multi100.cfg")).Take(10).ToList();
        var result = new Trainer(new TrainerOptions { IterationLimit = 10, Tolerance = 0, Threads = 2 }).Run(Template("06"), data, null);
        Assert.Equal(3, result.Potential.SpeciesCount);
        Assert.Equal([0, 1, 2], result.Potential.SpeciesTypes);
        Assert.True(result.History[^1].Loss < result.History[0].Loss);
    }

    [Fact]
    public void CheckpointResumeContinuesTheRun()
    {
        var data = Cubic(10);
        var path = Path.Combine(Path.GetTempPath(), $"lrmlip-ckpt-{Guid.NewGuid():N}.mtp");
        try
        {
            var first = new Trainer(new TrainerOptions { IterationLimit = 10, Tolerance = 0, Threads = 2, CheckpointPath = path, CheckpointEvery = 5 }).Run(Template("06"), data, null);
            Assert.True(Checkpoint.Exists(path));
            var resumed = new Trainer(new TrainerOptions { IterationLimit = 20, Tolerance = 0, Threads = 2, CheckpointPath = path, Resume = true }).Run(Template("06"), data, null);
            Assert.Equal(20, resumed.Iterations);
            Assert.Equal(11, resumed.History[10].Iteration);
            Assert.True(resumed.Loss <= first.Loss * (1 + 1e-9), $"loss {first.Loss} → {resumed.Loss}");
        }
        finally
        {
            File.Delete(path);
            File.Delete(Checkpoint.StatePath(path));
        }
    }

    [Fact]
    public void TimeLimitAndCancellationStopAndReturnThePotential()
    {
        var data = Cubic(10);
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var trainer = new Trainer(new TrainerOptions { IterationLimit = 1000, Tolerance = 0, Threads = 2 })
        {
            OnIteration = r => { if (++seen == 3) cts.Cancel(); },
        };
        var result = trainer.Run(Template("06"), data, null, cts.Token);
        Assert.Equal(ExitReason.Cancelled, result.Reason);
        Assert.Equal(3, result.Iterations);
        Assert.True(result.Potential.IsTrained);
    }

    [Fact]
    public void OrthogonalizationNormalizesAndConvergesToOrthonormalFunctions()
    {
        var p = LossGradientTests.Perturbed(LowRankMlip.Tests.Mtp.Potentials.Multi10, 1);
        var c = (double[])p.RadialCoeffs!.Clone();
        int pairs = 9, K = p.RadialFunctionCount, R = p.RadialBasisSize;
        double Dot(int a, int b)
        {
            double dot = 0;
            for (int pair = 0; pair < pairs; pair++)
                for (int beta = 0; beta < R; beta++) dot += c[(pair * K + a) * R + beta] * c[(pair * K + b) * R + beta];
            return dot;
        }
        double OffDiagonal() => Enumerable.Range(0, K).SelectMany(a => Enumerable.Range(0, a).Select(b => Math.Abs(Dot(a, b)))).Max();
        RadialOrthogonalizer.Apply(c, pairs, K, R);
        // Unit length with MLIP's Σ (c² + 1e-10) norm.
        for (int a = 0; a < K; a++) Assert.Equal(1.0 - pairs * R * 1e-10, Dot(a, a), 1e-9);
        // MLIP's quirk (dividing by the norm of the vector being orthogonalized) makes one pass only
        // approximately orthogonal; repeated passes, as in training, converge to orthonormal functions.
        double first = OffDiagonal();
        for (int pass = 0; pass < 30; pass++) RadialOrthogonalizer.Apply(c, pairs, K, R);
        Assert.True(OffDiagonal() < 1e-3 * first && OffDiagonal() < 1e-8, $"off-diagonal {first} → {OffDiagonal()}");
    }

    [Fact]
    public void NormalEquationsCarryOverToAnyScaling()
    {
        var pot = LossGradientTests.Perturbed(LowRankMlip.Tests.Mtp.Potentials.Multi10, 4);
        var set = new TrainingSet(LossGradientTests.LabelledSet(2, 6, 3), pot.MaxDist);
        var loss = new Loss(pot, set, new LossWeights(), threads: 2);
        var x = loss.Layout.Pack(pot);
        var fromRescaled = (double[])x.Clone();
        LinearSolver.Accumulate(loss, x, 2).SolveInto(loss, fromRescaled, pot.Scaling * 1.3);
        loss.Scaling = pot.Scaling * 1.3;
        var direct = (double[])x.Clone();
        LinearSolver.Solve(loss, direct, 2);
        for (int q = loss.Layout.LinearStart; q < x.Length; q++)
            Assert.True(Math.Abs(direct[q] - fromRescaled[q]) <= 1e-7 * Math.Max(1, Math.Abs(direct[q])), $"p[{q}]: {direct[q]} vs {fromRescaled[q]}");
    }
}
