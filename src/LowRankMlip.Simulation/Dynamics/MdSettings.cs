namespace LowRankMlip.Simulation.Dynamics;

/// <summary>Temperature control of an MD run.</summary>
public enum ThermostatKind
{
    /// <summary>NVE (or NPH with a barostat).</summary>
    None,
    /// <summary>Langevin dynamics, BAOAB splitting (Leimkuhler–Matthews), friction 1/τ_T.</summary>
    Langevin,
    /// <summary>Nosé–Hoover chain (Martyna–Klein–Tuckerman 1992), MTK Trotter splitting.</summary>
    NoseHooverChain,
}

/// <summary>
/// Settings of an MD run (flinak-teacher §9: 1 fs, τ_T = 0.1 ps, τ_P = 1 ps, P = 0). Units: fs, K, bar, Å.
/// The barostat is the isotropic stochastic cell rescaling (C-rescale) of Bernetti &amp; Bussi,
/// J. Chem. Phys. 153, 114107 (2020), applied every <see cref="BarostatInterval"/> steps.
/// </summary>
public sealed record MdSettings
{
    public double TimestepFs { get; init; } = 1.0;
    public double TemperatureK { get; init; } = 1000;
    public ThermostatKind Thermostat { get; init; } = ThermostatKind.NoseHooverChain;
    /// <summary>Thermostat time constant τ_T (fs): Langevin friction 1/τ_T; NHC masses Q = N_f k T τ_T² (first), k T τ_T² (others).</summary>
    public double ThermostatTauFs { get; init; } = 100;
    public int ChainLength { get; init; } = 3;
    /// <summary>Target pressure (bar) when <see cref="Barostat"/> is on.</summary>
    public double PressureBar { get; init; }
    public bool Barostat { get; init; }
    public double BarostatTauFs { get; init; } = 1000;
    /// <summary>Isothermal compressibility β_T (bar⁻¹) that sets the C-rescale coupling; FLiNaK ≈ 8.7e-11 Pa⁻¹ = 8.7e-6 bar⁻¹ (§6).</summary>
    public double CompressibilityPerBar { get; init; } = 2e-5;
    public int BarostatInterval { get; init; } = 10;
    /// <summary>Neighbour-list skin (Å).</summary>
    public double SkinAngstrom { get; init; } = 1.0;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (!(TimestepFs > 0)) throw new ArgumentException($"the timestep must be positive, got {TimestepFs} fs");
        if (!(TemperatureK >= 0)) throw new ArgumentException($"the temperature must be ≥ 0 K, got {TemperatureK}");
        if (!(ThermostatTauFs > 0)) throw new ArgumentException($"the thermostat time constant must be positive, got {ThermostatTauFs} fs");
        if (ChainLength < 1) throw new ArgumentException($"the Nosé–Hoover chain needs at least 1 thermostat, got {ChainLength}");
        if (!(BarostatTauFs > 0)) throw new ArgumentException($"the barostat time constant must be positive, got {BarostatTauFs} fs");
        if (!(CompressibilityPerBar > 0)) throw new ArgumentException($"the compressibility must be positive, got {CompressibilityPerBar} bar⁻¹");
        if (BarostatInterval < 1) throw new ArgumentException($"the barostat interval must be ≥ 1 step, got {BarostatInterval}");
    }
}
