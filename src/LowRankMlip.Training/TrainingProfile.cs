using System.Diagnostics;

namespace LowRankMlip.Training;

/// <summary>
/// Wall time spent in each phase of a training run, so a user can see where the time goes (and what a
/// second thread can speed up): the linear design of variable projection (parallel), the q×q normal-equation
/// solves (serial), and the loss with its gradient (parallel). Everything else (the optimizer's vector
/// algebra, validation, checkpoints, setup) is the remainder of the run's wall time.
/// </summary>
public sealed class TrainingProfile
{
    private long _linearDesign, _linearSolve, _lossAndGradient;

    public TimeSpan LinearDesign => Stopwatch.GetElapsedTime(0, _linearDesign);
    public TimeSpan LinearSolve => Stopwatch.GetElapsedTime(0, _linearSolve);
    public TimeSpan LossAndGradient => Stopwatch.GetElapsedTime(0, _lossAndGradient);

    /// <summary>Sum of the three measured phases.</summary>
    public TimeSpan Measured => LinearDesign + LinearSolve + LossAndGradient;

    internal void AddLinearDesign(long startTimestamp) => _linearDesign += Stopwatch.GetTimestamp() - startTimestamp;
    internal void AddLinearSolve(long startTimestamp) => _linearSolve += Stopwatch.GetTimestamp() - startTimestamp;
    internal void AddLossAndGradient(long startTimestamp) => _lossAndGradient += Stopwatch.GetTimestamp() - startTimestamp;

    /// <summary>One line: each phase in seconds and its share of <paramref name="total"/>.</summary>
    public string Describe(TimeSpan total)
    {
        double t = Math.Max(total.TotalSeconds, 1e-9);
        string Part(string name, TimeSpan s) => $"{name} {s.TotalSeconds:F1} s ({100 * s.TotalSeconds / t:F0} %)";
        var rest = total - Measured;
        if (rest < TimeSpan.Zero) rest = TimeSpan.Zero;
        return string.Join(", ", Part("linear design", LinearDesign), Part("linear solves", LinearSolve),
            Part("loss and gradient", LossAndGradient), Part("other", rest));
    }
}
