using LowRankMlip.Mtp;

namespace LowRankMlip.Simulation;

/// <summary>
/// Energy, forces and virial of a configuration, the one interface MD and the dataset generator use for every
/// model (rigid-ion teacher, MTP, compressed MTP). The caller supplies a neighbour list with cutoff ≥
/// <see cref="Cutoff"/> (MLIP semantics: every image, r_ij = r_j + n·L − r_i); entries at or beyond
/// <see cref="Cutoff"/> must not contribute. Results use the MLIP conventions of <see cref="EfsResult"/>
/// (virial W = −∂E/∂ε in eV). An instance is not thread-safe (it owns its workspaces).
/// </summary>
public interface IForceProvider
{
    /// <summary>Short description for logs and reports.</summary>
    string Name { get; }

    /// <summary>Interaction range (Å) that the neighbour list must cover.</summary>
    double Cutoff { get; }

    void Compute(Configuration configuration, NeighborList neighbours, EfsResult result);
}
