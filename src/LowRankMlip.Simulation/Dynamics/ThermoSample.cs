namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// One line of the thermo log. Pressure P = (2K + tr W)/(3V) (virial route, W = −∂E/∂ε); the conserved quantity
/// is E_pot + K plus the Nosé–Hoover chain energy plus the heat the Langevin thermostat removed (not conserved under the barostat).
/// </summary>
public readonly record struct ThermoSample(long Step, double TimePs, double TemperatureK, double PotentialEv, double KineticEv,
    double ConservedEv, double PressureBar, double VolumeA3, double DensityGCm3)
{
    public const string Header = "step time_ps temperature_k potential_ev kinetic_ev conserved_ev pressure_bar volume_a3 density_g_cm3";

    public string Format() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Step} {TimePs:F4} {TemperatureK:F2} {PotentialEv:F6} {KineticEv:F6} {ConservedEv:F6} {PressureBar:F1} {VolumeA3:F4} {DensityGCm3:F6}");
}
