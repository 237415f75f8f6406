using LowRankMlip.Experiments.Planning;
using LowRankMlip.Training;

namespace LowRankMlip.Experiments.Running;

/// <summary>Receives the progress of a run (issue 5 §4: cell k/n, method, rank, iteration line).</summary>
public interface IExperimentProgress
{
    void Begin(ExperimentPlan plan);
    void Skipped(int index, int count, CellSpec cell);
    void Started(int index, int count, CellSpec cell);
    void Iteration(IterationRecord record);
    void Message(string message);
    void Finished(int index, int count, CellSpec cell, CellResult result);
    void Wrote(string path);
}

/// <summary>Discards everything (tests, library callers).</summary>
public sealed class SilentProgress : IExperimentProgress
{
    public void Begin(ExperimentPlan plan) { }
    public void Skipped(int index, int count, CellSpec cell) { }
    public void Started(int index, int count, CellSpec cell) { }
    public void Iteration(IterationRecord record) { }
    public void Message(string message) { }
    public void Finished(int index, int count, CellSpec cell, CellResult result) { }
    public void Wrote(string path) { }
}
