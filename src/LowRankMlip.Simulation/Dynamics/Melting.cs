namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// The melt protocol of flinak-teacher §9: velocities at the melt temperature, Langevin NVT (τ = 0.1 ps) there,
/// then velocities rescaled to the target temperature with zero total momentum, and the clock reset so the run
/// that follows starts at step 0.
/// </summary>
public static class Melting
{
    public static void Melt(IForceProvider provider, MdState state, double meltK, double meltPs, double targetK, double timestepFs)
    {
        state.AssignVelocities(meltK);
        if (meltPs > 0)
        {
            var md = new MolecularDynamics(provider, state, new MdSettings { Thermostat = ThermostatKind.Langevin, TemperatureK = meltK, ThermostatTauFs = 100, TimestepFs = timestepFs });
            md.Run((long)Math.Round(meltPs * 1000 / timestepFs));
        }
        state.MomentumConserved = true;
        state.RemoveCentreOfMassMotion();
        double current = state.Temperature();
        double scale = current > 0 ? Math.Sqrt(targetK / current) : 0;
        for (int k = 0; k < state.Velocities.Length; k++) state.Velocities[k] *= scale;
        state.Step = 0;
        state.TimeFs = 0;
        state.ExchangedEnergy = 0;
    }
}
