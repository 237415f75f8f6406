using System.Diagnostics;
using System.Globalization;
using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Experiments.Running;

/// <summary>
/// Runs one cell (issue 5 §4 and the brief): full on a template trains it (<see cref="Trainer"/>), full on a
/// published start evaluates it as is; svd truncates the trained full cell (template start) or the published
/// potential; mf, rmf, tucker, tt and mfra run <see cref="Compressor"/> from the start itself with the same
/// budget. Then the potential is saved, its train and test errors and its evaluation speed measured. The
/// trainer's checkpoint (TrainerOptions.CheckpointPath, resume on) makes an interrupted cell continue.
/// No validation set is passed: the test set is never seen during fitting (mfra's validation-based early stop is off).
/// </summary>
public sealed class CellRunner(ExperimentPlan plan, IReadOnlyList<Configuration> train, IReadOnlyList<Configuration> test,
    CellStore store, IExperimentProgress progress, TimingCache timing)
{
    /// <summary>The finished cell, or null when cancelled (the checkpoint stays for the next run).</summary>
    public CellResult? Run(CellSpec cell, string fingerprint, MtpPotential? svdSource, CancellationToken cancel)
    {
        var checkpoint = store.CheckpointPath(cell, fingerprint);
        var options = plan.Settings.TrainerOptions(cell.Seed, checkpoint);
        double before = PriorSeconds(cell, checkpoint);
        var clock = Stopwatch.StartNew();
        MtpPotential potential;
        CompressedPotential? compressedPotential = null;
        ParameterCounts counts;
        int iterations = 0, evaluations = 0;
        string reason;
        double loss = double.NaN;
        IReadOnlyList<RankStep> rankLog = [];
        int[] finalRanks = cell.Ranks;
        string potentialFile;

        if (cell.Method is null && !cell.Start.IsTemplate)
        {
            potential = cell.Start.Potential;
            counts = ParameterCounts.Full(potential.RadialParameterCount, potential.LinearParameterCount);
            reason = "Evaluated";
            potentialFile = "data:" + cell.Start.RelativePath;
        }
        else if (cell.Method is null)
        {
            var trainer = new Trainer(options) { OnIteration = progress.Iteration, OnMessage = progress.Message };
            var result = trainer.Run(cell.Start.Potential, train, null, cancel);
            if (result.Reason == ExitReason.Cancelled) return null;
            potential = result.Potential;
            counts = ParameterCounts.Full(potential.RadialParameterCount, potential.LinearParameterCount);
            (iterations, evaluations, reason, loss) = (result.Iterations, result.Evaluations, result.Reason.ToString(), result.Loss);
            potentialFile = CellStore.PotentialRelativePath(cell);
            MtpFile.Write(store.PotentialPath(cell), potential);
        }
        else
        {
            var method = cell.Method.Value;
            var compressor = new Compressor(new CompressionOptions
            {
                Method = method, View = cell.View!.Value, Ranks = cell.Ranks, RefitLinear = plan.Settings.SvdRefitLinear,
                StartRank = plan.Settings.MfraStartRank, Training = options,
            })
            { OnIteration = progress.Iteration, OnMessage = progress.Message };
            var start = method == CompressionMethod.Svd ? svdSource ?? throw new InvalidOperationException($"{cell.Key}: svd needs the trained potential") : cell.Start.Potential;
            var result = compressor.Run(start, null, train, null, cancel);
            if (result.Reason == ExitReason.Cancelled) return null;
            potential = result.Compressed.Potential;
            compressedPotential = result.Compressed;
            counts = result.Compressed.Counts;
            (iterations, evaluations, reason, loss) = (result.Iterations, result.Evaluations, method == CompressionMethod.Svd ? "Truncated" : result.Reason.ToString(), result.Loss);
            finalRanks = result.Compressed.Radial.Ranks;
            rankLog = result.Ranks.Select(r => new RankStep(r.Rank, r.Iterations, r.Loss, r.TrainEnergyRmsePerAtom, r.TrainForceRmse)).ToList();
            potentialFile = CellStore.PotentialRelativePath(cell);
            CompressedMtpFile.Write(store.PotentialPath(cell), result.Compressed);
        }
        double seconds = cell.Method is null && !cell.Start.IsTemplate ? 0 : before + clock.Elapsed.TotalSeconds;

        // Every cell is timed on the evaluator the verbs use (EvaluatorFactory: latent kernels, r = μ-rank).
        var evaluator = compressedPotential is null ? EvaluatorFactory.Create(new LoadedPotential(potential, null)) : EvaluatorFactory.Create(compressedPotential);
        var trainErrors = ErrorSummary.From(ErrorEvaluation.Compute(evaluator, train, plan.Settings.Threads));
        var testErrors = ErrorSummary.From(ErrorEvaluation.Compute(evaluator, test, plan.Settings.Threads));
        double us = ErrorEvaluation.MicrosecondsPerAtom(evaluator, test, timing.NeighbourLists(test, evaluator.Cutoff));
        CellStore.DeleteCheckpoint(checkpoint);
        return new CellResult
        {
            Key = cell.Key, Fingerprint = fingerprint, Level = cell.Start.Label, StartKind = cell.Start.Kind, StartPath = cell.Start.RelativePath,
            MtpLevel = cell.Start.Level, Method = cell.MethodName, View = cell.ViewName, Ranks = cell.Ranks, FinalRanks = finalRanks, Seed = cell.Seed,
            RadialParams = counts.Radial, TotalParams = counts.Total, FullRadialParams = counts.FullRadial, FullTotalParams = counts.FullTotal,
            StoredRadialParams = counts.Stored, CompressionRadialPct = counts.RadialCompressionPercent, CompressionTotalPct = counts.TotalCompressionPercent,
            Train = trainErrors, Test = testErrors, TrainSeconds = seconds, EvalUsPerAtom = us,
            Iterations = iterations, Evaluations = evaluations, ExitReason = reason, Loss = loss, RankLog = rankLog,
            Potential = potentialFile, Threads = plan.Settings.Threads,
            FinishedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Seconds an interrupted cell had already run (the last loss-curve record of its checkpoint).</summary>
    private static double PriorSeconds(CellSpec cell, string checkpoint)
    {
        if (cell.Method is null)
            return Checkpoint.Exists(checkpoint) && Checkpoint.Load(checkpoint).History is { Count: > 0 } h ? h[^1].ElapsedSeconds : 0;
        return CompressionCheckpoint.Exists(checkpoint) && CompressionCheckpoint.Load(checkpoint).History is { Count: > 0 } c ? c[^1].ElapsedSeconds : 0;
    }
}
