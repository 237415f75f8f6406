using System.Diagnostics;
using System.Globalization;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Training;

namespace LowRankMlip.Experiments.Running;

/// <summary>
/// Progress on a text stream: one line per cell ("[k/n] 16 template rmf pairs r6 seed 2"), its iteration
/// lines (every iteration on a terminal, rewritten in place; otherwise at most one line per
/// <see cref="LogInterval"/>) and a result line (time, test errors, parameter counts).
/// </summary>
public sealed class TextProgress(TextWriter writer, bool interactive) : IExperimentProgress
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Stopwatch _sinceLine = new();
    private string _prefix = "";
    private bool _openLine;

    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(10);

    public void Begin(ExperimentPlan plan) =>
        writer.WriteLine($"experiment {plan.Name} [{plan.Profile}]: {plan.Cells.Count} cells, {plan.StandInLabel}; " +
            $"{plan.Settings.IterationLimit} iterations{(plan.Settings.MaxTimeSeconds > 0 ? string.Create(Inv, $" / {plan.Settings.MaxTimeSeconds:0} s") : "")} per cell, " +
            $"{plan.Settings.Threads} threads → {plan.OutputDirectory}");

    public void Skipped(int index, int count, CellSpec cell) => Line($"[{index + 1}/{count}] {cell.Describe()}: finished earlier, kept");

    public void Started(int index, int count, CellSpec cell)
    {
        _prefix = $"[{index + 1}/{count}]";
        Line($"{_prefix} {cell.Describe()}");
        _sinceLine.Restart();
    }

    public void Iteration(IterationRecord r)
    {
        var text = string.Create(Inv, $"{_prefix}   iter {r.Iteration,5}  loss {r.Loss:E4}  train E {1000 * r.TrainEnergyRmsePerAtom:F3} meV/atom  F {r.TrainForceRmse:F4} eV/Å  {r.ElapsedSeconds:F1} s");
        if (interactive)
        {
            writer.Write("\r" + text.PadRight(100));
            _openLine = true;
        }
        else if (_sinceLine.Elapsed >= LogInterval)
        {
            writer.WriteLine(text);
            _sinceLine.Restart();
        }
    }

    public void Message(string message) => Line($"{_prefix}   {message}");

    public void Finished(int index, int count, CellSpec cell, CellResult r) =>
        Line(string.Create(Inv, $"[{index + 1}/{count}] done: {r.ExitReason} after {r.Iterations} iterations, {r.TrainSeconds:F1} s; test E {1000 * r.Test.EnergyRmsePerAtom:F3} meV/atom, ") +
             string.Create(Inv, $"F {r.Test.ForceRmseComponent:F4} eV/Å; radial {r.RadialParams}/{r.FullRadialParams} ({r.CompressionRadialPct:F1} % saved)"));

    public void Wrote(string path) => Line($"wrote {path}");

    private void Line(string text)
    {
        if (_openLine) { writer.WriteLine(); _openLine = false; }
        writer.WriteLine(text);
    }
}
