using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp;

namespace LowRankMlip.Simulation;

/// <summary>
/// An MTP (.mtp) or compressed MTP (.lrmtp) as a force provider: the evaluator of <see cref="EvaluatorFactory"/>
/// (latent-function kernels at the potential's μ-rank) with one workspace. Neighbour entries beyond the
/// potential's cutoff must already be filtered out (the radial basis is not zero there), which
/// <see cref="Dynamics.VerletList"/> does.
/// </summary>
public sealed class MtpForceProvider : IForceProvider
{
    private readonly MtpEvaluator _evaluator;
    private readonly EvaluatorWorkspace _workspace;

    public MtpForceProvider(MtpEvaluator evaluator, string name)
    {
        _evaluator = evaluator;
        _workspace = evaluator.CreateWorkspace();
        Name = name;
    }

    /// <summary>Loads a trained .mtp or .lrmtp file.</summary>
    public static MtpForceProvider Load(string path)
    {
        var loaded = PotentialFile.Read(path);
        if (!loaded.Potential.IsTrained)
            throw new ArgumentException($"{path}: the potential has no coefficients (an untrained template); train it first");
        return new MtpForceProvider(EvaluatorFactory.Create(loaded), Path.GetFileName(path));
    }

    public string Name { get; }
    public double Cutoff => _evaluator.Cutoff;
    public MtpPotential Potential => _evaluator.Potential;

    public void Compute(Configuration configuration, NeighborList neighbours, EfsResult result)
    {
        if (neighbours.Cutoff < Cutoff)
            throw new ArgumentException($"the neighbour list reaches {neighbours.Cutoff} Å; the potential needs {Cutoff} Å");
        _evaluator.Evaluate(configuration, neighbours, _workspace, result);
    }
}
