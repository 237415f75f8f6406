using LowRankMlip.Mtp;
using LowRankMlip.Simulation;

namespace LowRankMlip.Ace;

/// <summary>
/// An ACE potential as a force provider for the suite's MD engine (as <see cref="MtpForceProvider"/> wraps an MTP):
/// the evaluator with one workspace. Bonds at or beyond their own cutoff contribute nothing (the evaluator filters
/// them), so any neighbour list reaching <see cref="Cutoff"/> works. Not thread-safe.
/// </summary>
public sealed class AceForceProvider(AcePotential potential, string name) : IForceProvider
{
    private readonly AceEvaluator _evaluator = new(potential);
    private readonly AceWorkspace _workspace = new();

    public string Name { get; } = name;
    public double Cutoff => _evaluator.Cutoff;

    public void Compute(Configuration configuration, NeighborList neighbours, EfsResult result)
    {
        if (neighbours.Cutoff < Cutoff)
            throw new ArgumentException($"the neighbour list reaches {neighbours.Cutoff} Å; the potential needs {Cutoff} Å");
        _evaluator.Evaluate(configuration, neighbours, _workspace, result);
    }
}
