using System.Diagnostics;
using LowRankMlip.Mtp;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Compression;

/// <summary>
/// The bookkeeping every method shares: the reduced loss, the iteration count across optimizer segments,
/// the loss curve with periodic validation, checkpoints, and the stop rules (iteration and time limits,
/// cancellation).
/// </summary>
internal sealed class CompressionSession
{
    private readonly CompressionOptions _options;
    private readonly Loss? _validLoss;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _elapsedBefore;
    private readonly int _evaluationsBefore;
    private readonly MtpPotential _shape;
    private readonly CancellationToken _cancel;
    private (double e, double f)? _lastValid;

    public CompressionSession(CompressionOptions options, MtpPotential shape, VariableProjection reduced, Loss? validLoss,
        IReadOnlyList<IterationRecord> history, int iteration, int evaluations, IReadOnlyList<RankRecord> ranks, CancellationToken cancel)
    {
        _options = options;
        _shape = shape;
        Reduced = reduced;
        _validLoss = validLoss;
        History = [.. history];
        Ranks = [.. ranks];
        Iteration = iteration;
        _evaluationsBefore = evaluations;
        _elapsedBefore = history.Count > 0 ? history[^1].ElapsedSeconds : 0;
        _cancel = cancel;
    }

    public VariableProjection Reduced { get; }
    public Loss Loss => Reduced.Loss;
    public List<IterationRecord> History { get; }
    public List<RankRecord> Ranks { get; }
    public int Iteration { get; private set; }
    public int Evaluations => Loss.Evaluations + _evaluationsBefore;
    public ExitReason? StopReason { get; private set; }
    public Action<IterationRecord>? OnIteration { get; init; }

    /// <summary>The compressed tensor at the current iterate (for checkpoints).</summary>
    public Func<CompressedRadial>? Current { get; set; }

    private TrainerOptions Training => _options.Training;
    public int IterationsLeft => Math.Max(0, Training.IterationLimit - Iteration);

    /// <summary>Stopping rules for the next optimizer segment, at most <paramref name="limit"/> iterations.</summary>
    public StoppingCriteria Stop(int limit, double tolerance, int window) => new()
    {
        IterationLimit = Math.Min(limit, IterationsLeft),
        Tolerance = tolerance,
        Window = window,
        TimeLimit = Training.MaxTime is { } t ? t - _clock.Elapsed : null,
    };

    public StoppingCriteria Stop() => Stop(int.MaxValue, Training.Tolerance, Training.ConvergenceWindow);

    /// <summary>Records an accepted iterate (the last point the reduced loss evaluated); false asks the optimizer to stop.</summary>
    public bool Report(double value)
    {
        Iteration++;
        if (_validLoss is not null && (Iteration % Training.ValidateEvery == 0 || Iteration == Training.IterationLimit))
            _lastValid = Validate();
        var record = new IterationRecord(Iteration, Evaluations, value, Loss.LastEnergyRmsePerAtom, Loss.LastForceRmse,
            _lastValid?.e, _lastValid?.f, _elapsedBefore + _clock.Elapsed.TotalSeconds);
        History.Add(record);
        OnIteration?.Invoke(record);
        if (Training.CheckpointPath is { } path && Iteration % Training.CheckpointEvery == 0 && Current is { } current)
            SaveCheckpoint(path, current());
        if (_cancel.IsCancellationRequested) { StopReason = ExitReason.Cancelled; return false; }
        if (Training.MaxTime is { } t && _clock.Elapsed >= t) { StopReason = ExitReason.TimeLimit; return false; }
        return true;
    }

    /// <summary>Energy and force RMSE of the validation set at the current parameters, or null without one.</summary>
    public (double e, double f)? Validate() => ValidationErrors() is { } v ? (v.EnergyRmse, v.ForceRmse) : null;

    /// <summary>Validation loss and its energy and force RMSE at the current parameters (one evaluation), or null without a validation set.</summary>
    public (double Loss, double EnergyRmse, double ForceRmse)? ValidationErrors()
    {
        if (_validLoss is null) return null;
        _validLoss.Scaling = Loss.Scaling;
        double value = _validLoss.Evaluate(Reduced.Full, Span<double>.Empty);
        return (value, _validLoss.LastEnergyRmsePerAtom, _validLoss.LastForceRmse);
    }

    public CompressedPotential Snapshot(CompressedRadial radial)
    {
        var p = _shape.Clone();
        var x = Reduced.Full;
        Loss.Layout.Unpack(x, p);
        p.Scaling = Loss.Scaling;
        return new CompressedPotential(_options.Method, radial, p);
    }

    public void SaveCheckpoint(string path, CompressedRadial radial) =>
        CompressionCheckpoint.Save(path, Snapshot(radial), Iteration, Evaluations, History, Ranks);
}
