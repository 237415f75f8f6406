namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// Everything an MD run evolves: the configuration (cell, positions), velocities (Å/fs), masses (amu), the
/// step count and time, the Nosé–Hoover chain (positions ξ and velocities v_ξ), the random generator and the
/// heat the Langevin thermostat has exchanged with the system (for the conserved quantity).
/// A checkpoint (<see cref="MdCheckpoint"/>) stores exactly this.
/// </summary>
public sealed class MdState
{
    public MdState(Configuration configuration, double[] velocities, double[] masses, SimulationRandom random, int chainLength)
    {
        int n = configuration.AtomCount;
        if (velocities.Length != 3 * n) throw new ArgumentException($"{velocities.Length} velocity components for {n} atoms");
        if (masses.Length != n) throw new ArgumentException($"{masses.Length} masses for {n} atoms");
        foreach (double m in masses) if (!(m > 0)) throw new ArgumentException($"every mass must be positive, got {m}");
        Configuration = configuration;
        Velocities = velocities;
        Masses = masses;
        Random = random;
        ChainPositions = new double[chainLength];
        ChainVelocities = new double[chainLength];
    }

    public Configuration Configuration { get; }
    public double[] Velocities { get; }
    public double[] Masses { get; }
    public SimulationRandom Random { get; set; }
    public long Step { get; set; }
    public double TimeFs { get; set; }
    public double[] ChainPositions { get; }
    public double[] ChainVelocities { get; }
    /// <summary>Energy (eV) the Langevin thermostat removed from the system so far (heat).</summary>
    public double ExchangedEnergy { get; set; }

    /// <summary>False under Langevin dynamics, whose random forces do not conserve the total momentum.</summary>
    public bool MomentumConserved { get; set; } = true;

    /// <summary>Degrees of freedom: 3N − 3 when the centre of mass stays at rest, else 3N.</summary>
    public int DegreesOfFreedom => Math.Max(1, 3 * Configuration.AtomCount - (MomentumConserved ? 3 : 0));

    public double KineticEnergy()
    {
        double sum = 0;
        for (int i = 0; i < Masses.Length; i++)
        {
            double vx = Velocities[3 * i], vy = Velocities[3 * i + 1], vz = Velocities[3 * i + 2];
            sum += Masses[i] * (vx * vx + vy * vy + vz * vz);
        }
        return 0.5 * sum * SimulationUnits.EvPerAmuAngstromSquaredPerFsSquared;
    }

    public double Temperature() => 2 * KineticEnergy() / (DegreesOfFreedom * SimulationUnits.BoltzmannEvPerK);

    /// <summary>Total mass (amu).</summary>
    public double TotalMass => Masses.Sum();

    /// <summary>Mass density (g/cm³).</summary>
    public double Density() => TotalMass / Configuration.Cell.Volume * SimulationUnits.GramPerCubicCentimetrePerAmuPerCubicAngstrom;

    /// <summary>Maxwell–Boltzmann velocities at <paramref name="temperature"/>, zero total momentum, rescaled to exactly that temperature.</summary>
    public void AssignVelocities(double temperature)
    {
        int n = Masses.Length;
        for (int i = 0; i < n; i++)
        {
            double sigma = Math.Sqrt(SimulationUnits.BoltzmannEvPerK * temperature / (Masses[i] * SimulationUnits.EvPerAmuAngstromSquaredPerFsSquared));
            for (int c = 0; c < 3; c++) Velocities[3 * i + c] = sigma * Random.NextGaussian();
        }
        RemoveCentreOfMassMotion();
        double current = Temperature();
        double scale = current > 0 ? Math.Sqrt(temperature / current) : 0;
        for (int k = 0; k < Velocities.Length; k++) Velocities[k] *= scale;
    }

    public void RemoveCentreOfMassMotion()
    {
        Span<double> momentum = stackalloc double[3];
        for (int i = 0; i < Masses.Length; i++)
            for (int c = 0; c < 3; c++) momentum[c] += Masses[i] * Velocities[3 * i + c];
        double total = TotalMass;
        for (int i = 0; i < Masses.Length; i++)
            for (int c = 0; c < 3; c++) Velocities[3 * i + c] -= momentum[c] / total;
    }
}
