namespace LowRankMlip.Simulation;

/// <summary>
/// Constants of the MD unit system: eV, Å, amu, fs, K (CODATA 2018). Velocities are Å/fs, so kinetic energy
/// ½ m v² in amu·Å²/fs² is multiplied by <see cref="EvPerAmuAngstromSquaredPerFsSquared"/> to give eV.
/// </summary>
public static class SimulationUnits
{
    /// <summary>Coulomb constant e²/(4πε₀) in eV·Å (flinak-teacher §1).</summary>
    public const double CoulombConstant = 14.3996454784;

    /// <summary>Boltzmann constant in eV/K.</summary>
    public const double BoltzmannEvPerK = 8.617333262e-5;

    /// <summary>1 amu·Å²/fs² in eV (1.66053906660e-27 kg · 1e-20 m² / 1e-30 s² / 1.602176634e-19 J).</summary>
    public const double EvPerAmuAngstromSquaredPerFsSquared = 103.642691;

    /// <summary>Acceleration of 1 eV/Å on 1 amu, in Å/fs².</summary>
    public const double AngstromPerFsSquaredPerEvPerAngstromPerAmu = 1.0 / EvPerAmuAngstromSquaredPerFsSquared;

    /// <summary>1 eV/Å³ in bar.</summary>
    public const double BarPerEvPerCubicAngstrom = 1.602176634e6;

    /// <summary>Density of 1 amu/Å³ in g/cm³.</summary>
    public const double GramPerCubicCentimetrePerAmuPerCubicAngstrom = 1.66053906660;

    /// <summary>1 eV in kJ/mol (flinak-teacher §1: 96.4853).</summary>
    public const double KilojoulePerMolePerEv = 96.48533212;
}
