using System.Diagnostics;
using LowRankMlip.Compression;
using LowRankMlip.Experiments.Data;
using LowRankMlip.Experiments.Output;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Experiments.Running;

/// <summary>Outcome of a run: the summary written to the output folder.</summary>
public sealed record ExperimentRunResult(RunSummary Summary, bool Cancelled);

/// <summary>
/// Runs a plan's grid (issue 5 §4): loads and checks the data, runs every cell in order, reusing a finished
/// cell whose fingerprint matches (resume without recomputing), saving each new one as soon as it finishes,
/// then writes table.csv/.md/.json, cells.csv, the plot and manifest.json — also after a cancellation, with
/// the finished cells, so an interrupted run leaves a valid partial table and resumes where it stopped.
/// </summary>
public sealed class ExperimentRunner(ExperimentPlan plan, IExperimentProgress progress, IReadOnlyDictionary<string, string?> configuration)
{
    public ExperimentRunResult Run(CancellationToken cancel = default)
    {
        var wall = Stopwatch.StartNew();
        progress.Begin(plan);
        var data = ExperimentData.Load(plan);
        var store = new CellStore(plan.OutputDirectory);
        Directory.CreateDirectory(plan.OutputDirectory);
        var timing = new TimingCache();
        var results = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        int computed = 0, reused = 0;
        bool cancelled = false;
        StartPoint? mapped = null;
        var cells = plan.Cells;
        for (int k = 0; k < cells.Count && !cancelled; k++)
        {
            var cell = cells[k];
            if (!ReferenceEquals(mapped, cell.Start)) { data.MapFor(cell.Start); mapped = cell.Start; }
            var fingerprint = CellFingerprint.Of(cell, plan, data.Files);
            if (store.LoadFinished(cell, fingerprint) is { } done)
            {
                progress.Skipped(k, cells.Count, cell);
                results[cell.Key] = done;
                reused++;
                continue;
            }
            var runner = new CellRunner(plan, data.Train, data.Test, store, progress, timing);
            MtpPotential? svdSource = null;
            if (cell.Method == CompressionMethod.Svd)
            {
                svdSource = cell.Start.IsTemplate ? TrainedFull(cell, runner, data, results, ref computed, cancel) : cell.Start.Potential;
                if (svdSource is null) { cancelled = true; break; }
            }
            progress.Started(k, cells.Count, cell);
            var result = runner.Run(cell, fingerprint, svdSource, cancel);
            if (result is null) { cancelled = true; break; }
            store.Save(result, cell);
            results[cell.Key] = result;
            computed++;
            progress.Finished(k, cells.Count, cell, result);
        }

        var finished = cells.Select(c => results.GetValueOrDefault(c.Key)).OfType<CellResult>().ToList();
        var summary = new RunSummary(plan, data.Files, Count(data.Train), Count(data.Test), finished, ResultTable.Build(cells, finished),
            computed, reused, finished.Count == cells.Count, wall.Elapsed.TotalSeconds, Provenance.Capture(plan.RepositoryRoot), configuration);
        TableWriter.WriteAll(summary, plan.OutputDirectory);
        if (summary.Rows.Count > 0) ErrorPlot.Write(summary, Path.Combine(plan.OutputDirectory, OutputFiles.Plot));
        ManifestWriter.Write(summary, plan.OutputDirectory);
        progress.Wrote(Path.Combine(plan.OutputDirectory, OutputFiles.TableMarkdown));
        return new ExperimentRunResult(summary, cancelled);
    }

    /// <summary>
    /// The trained full potential of the same start and seed, which svd truncates: from its saved file, or
    /// recomputed when the file is gone (cell records are committed, potentials are not). Null when cancelled.
    /// </summary>
    private MtpPotential? TrainedFull(CellSpec svd, CellRunner runner, ExperimentData data, Dictionary<string, CellResult> results,
        ref int computed, CancellationToken cancel)
    {
        var full = plan.Cells.First(c => c.Start == svd.Start && c.Method is null && c.Seed == svd.Seed);
        var path = new CellStore(plan.OutputDirectory).PotentialPath(full);
        if (File.Exists(path)) return MtpFile.Read(path);
        progress.Message($"{full.Describe()}: potential file missing, training it again for svd");
        var result = runner.Run(full, CellFingerprint.Of(full, plan, data.Files), null, cancel);
        if (result is null) return null;
        new CellStore(plan.OutputDirectory).Save(result, full);
        results[full.Key] = result;
        computed++;
        return MtpFile.Read(path);
    }

    private static (int, long) Count(IReadOnlyList<Configuration> set) => (set.Count, set.Sum(c => (long)c.AtomCount));
}
