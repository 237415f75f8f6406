namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// The model drove the run out of any physical state (non-finite energy, or a barostat step that would change
/// the volume by more than <see cref="MolecularDynamics.MaximumVolumeChangePerBarostatStep"/>), e.g. an MLIP
/// extrapolating into a collapse. Raised instead of carrying on with a meaningless trajectory.
/// </summary>
public sealed class SimulationInstabilityException(string message) : Exception(message);
