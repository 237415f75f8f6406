using LowRankMlip.Mtp;

namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// Velocity-Verlet molecular dynamics with any <see cref="IForceProvider"/>: a Verlet list with a skin,
/// optional Langevin (BAOAB) or Nosé–Hoover-chain thermostat, optional isotropic C-rescale barostat.
/// One step (Trotter splitting):
/// <list type="bullet">
/// <item>NVE / NHC: [chain ½dt] kick ½dt, drift dt, forces, kick ½dt [chain ½dt];</item>
/// <item>Langevin: kick ½dt, drift ½dt, Ornstein–Uhlenbeck dt, drift ½dt, forces, kick ½dt;</item>
/// <item>every <see cref="MdSettings.BarostatInterval"/> steps, C-rescale of cell, positions and velocities
/// over that interval, then forces again.</item>
/// </list>
/// Deterministic for a seed; the state (<see cref="MdState"/>) can be checkpointed and resumed bit for bit.
/// The step loop allocates nothing once the neighbour list is built.
/// </summary>
public sealed class MolecularDynamics
{
    private readonly IForceProvider _provider;
    private readonly MdSettings _settings;
    private readonly VerletList _neighbours;
    private readonly EfsResult _result = new();

    public MolecularDynamics(IForceProvider provider, MdState state, MdSettings settings)
    {
        settings.Validate();
        if (state.ChainPositions.Length != settings.ChainLength)
            throw new ArgumentException($"the state has a chain of {state.ChainPositions.Length} thermostats; the settings ask for {settings.ChainLength}");
        _provider = provider;
        _settings = settings;
        State = state;
        state.MomentumConserved = settings.Thermostat != ThermostatKind.Langevin;
        _neighbours = new VerletList(provider.Cutoff, settings.SkinAngstrom);
        ComputeForces();
    }

    /// <summary>Largest |ΔV/V| one barostat step may make; a larger one means the model has lost the liquid.</summary>
    public const double MaximumVolumeChangePerBarostatStep = 0.25;

    public MdState State { get; }
    public MdSettings Settings => _settings;
    public IForceProvider Provider => _provider;
    public int NeighbourRebuilds => _neighbours.RebuildCount;

    /// <summary>Energy, forces and virial at the current positions.</summary>
    public EfsResult Forces => _result;

    public double PotentialEnergy => _result.Energy;

    /// <summary>Instantaneous pressure (eV/Å³) by the virial route, P = (2K + tr W)/(3V).</summary>
    public double Pressure()
    {
        var w = _result.VirialMatrix;
        return (2 * State.KineticEnergy() + w[0] + w[4] + w[8]) / (3 * State.Configuration.Cell.Volume);
    }

    /// <summary>The chain's energy Σ Q_j v_j²/2 + N_f kT ξ_1 + kT Σ_{j≥2} ξ_j (MKT 1992), 0 without NHC.</summary>
    public double ChainEnergy()
    {
        if (_settings.Thermostat != ThermostatKind.NoseHooverChain) return 0;
        double kT = SimulationUnits.BoltzmannEvPerK * _settings.TemperatureK;
        double energy = 0;
        for (int j = 0; j < _settings.ChainLength; j++)
        {
            double v = State.ChainVelocities[j];
            energy += 0.5 * ChainMass(j) * v * v + (j == 0 ? State.DegreesOfFreedom : 1) * kT * State.ChainPositions[j];
        }
        return energy;
    }

    public ThermoSample Sample()
    {
        double kinetic = State.KineticEnergy();
        return new ThermoSample(State.Step, State.TimeFs / 1000, State.Temperature(), _result.Energy, kinetic,
            _result.Energy + kinetic + ChainEnergy() + State.ExchangedEnergy,
            Pressure() * SimulationUnits.BarPerEvPerCubicAngstrom, State.Configuration.Cell.Volume, State.Density());
    }

    public void Run(long steps, Action<MolecularDynamics>? afterStep = null)
    {
        for (long s = 0; s < steps; s++)
        {
            Step();
            afterStep?.Invoke(this);
        }
    }

    public void Step()
    {
        double dt = _settings.TimestepFs;
        bool chain = _settings.Thermostat == ThermostatKind.NoseHooverChain;
        if (chain) PropagateChain(0.5 * dt);
        Kick(0.5 * dt);
        if (_settings.Thermostat == ThermostatKind.Langevin)
        {
            Drift(0.5 * dt);
            OrnsteinUhlenbeck(dt);
            Drift(0.5 * dt);
        }
        else Drift(dt);
        ComputeForces();
        Kick(0.5 * dt);
        if (chain) PropagateChain(0.5 * dt);
        State.Step++;
        State.TimeFs += dt;
        if (_settings.Barostat && State.Step % _settings.BarostatInterval == 0)
            RescaleCell(_settings.BarostatInterval * dt);
    }

    private void ComputeForces()
    {
        _neighbours.Update(State.Configuration);
        _provider.Compute(State.Configuration, _neighbours.List, _result);
        if (!double.IsFinite(_result.Energy))
            throw new SimulationInstabilityException($"step {State.Step}: the potential energy is {_result.Energy}; the trajectory has collapsed");
    }

    private void Kick(double dt)
    {
        var v = State.Velocities;
        var f = _result.Forces;
        var m = State.Masses;
        for (int i = 0; i < m.Length; i++)
        {
            double scale = dt * SimulationUnits.AngstromPerFsSquaredPerEvPerAngstromPerAmu / m[i];
            v[3 * i] += scale * f[3 * i];
            v[3 * i + 1] += scale * f[3 * i + 1];
            v[3 * i + 2] += scale * f[3 * i + 2];
        }
    }

    private void Drift(double dt)
    {
        var p = State.Configuration.Positions;
        var v = State.Velocities;
        for (int k = 0; k < p.Length; k++) p[k] += dt * v[k];
    }

    /// <summary>Exact Ornstein–Uhlenbeck step v ← c v + √((1 − c²) kT/m) ξ, c = exp(−dt/τ_T); the kinetic-energy change is heat.</summary>
    private void OrnsteinUhlenbeck(double dt)
    {
        double before = State.KineticEnergy();
        double c = Math.Exp(-dt / _settings.ThermostatTauFs);
        double kT = SimulationUnits.BoltzmannEvPerK * _settings.TemperatureK / SimulationUnits.EvPerAmuAngstromSquaredPerFsSquared;
        var v = State.Velocities;
        var m = State.Masses;
        for (int i = 0; i < m.Length; i++)
        {
            double sigma = Math.Sqrt((1 - c * c) * kT / m[i]);
            for (int d = 0; d < 3; d++) v[3 * i + d] = c * v[3 * i + d] + sigma * State.Random.NextGaussian();
        }
        State.ExchangedEnergy -= State.KineticEnergy() - before;
    }

    private double ChainMass(int j)
    {
        double kT = SimulationUnits.BoltzmannEvPerK * _settings.TemperatureK;
        double tau2 = _settings.ThermostatTauFs * _settings.ThermostatTauFs;
        // Q in eV·fs²; Q_1 = N_f kT τ², Q_j = kT τ² (Martyna–Klein–Tuckerman 1992).
        return (j == 0 ? State.DegreesOfFreedom : 1) * kT * tau2;
    }

    /// <summary>Nosé–Hoover chain over dt (MTK 1996 Trotter scheme, one sub-step): chain forces G_j, velocity scaling.</summary>
    private void PropagateChain(double dt)
    {
        int chain = _settings.ChainLength;
        var xi = State.ChainPositions;
        var vxi = State.ChainVelocities;
        double kT = SimulationUnits.BoltzmannEvPerK * _settings.TemperatureK;
        double nfkT = State.DegreesOfFreedom * kT;
        double kinetic2 = 2 * State.KineticEnergy();
        double quarter = 0.25 * dt, eighth = 0.125 * dt;

        vxi[chain - 1] += quarter * ChainForce(chain - 1, kinetic2, nfkT, kT);
        for (int j = chain - 2; j >= 0; j--)
        {
            double damp = Math.Exp(-eighth * vxi[j + 1]);
            vxi[j] = (vxi[j] * damp + quarter * ChainForce(j, kinetic2, nfkT, kT)) * damp;
        }
        double scale = Math.Exp(-0.5 * dt * vxi[0]);
        var v = State.Velocities;
        for (int k = 0; k < v.Length; k++) v[k] *= scale;
        kinetic2 *= scale * scale;
        for (int j = 0; j < chain; j++) xi[j] += 0.5 * dt * vxi[j];
        for (int j = 0; j < chain - 1; j++)
        {
            double damp = Math.Exp(-eighth * vxi[j + 1]);
            vxi[j] = (vxi[j] * damp + quarter * ChainForce(j, kinetic2, nfkT, kT)) * damp;
        }
        vxi[chain - 1] += quarter * ChainForce(chain - 1, kinetic2, nfkT, kT);
    }

    private double ChainForce(int j, double kinetic2, double nfkT, double kT) =>
        j == 0
            ? (kinetic2 - nfkT) / ChainMass(0)
            : (ChainMass(j - 1) * State.ChainVelocities[j - 1] * State.ChainVelocities[j - 1] - kT) / ChainMass(j);

    /// <summary>
    /// Isotropic C-rescale (Bernetti–Bussi 2020, eq. 5 with ε = ln V): dε = −(β_T/τ_P)(P₀ − P − kT/V) dt +
    /// √(2 kT β_T dt/(V τ_P)) R; positions and cell scale by exp(dε/3), velocities by exp(−dε/3); then forces
    /// at the new positions. (The thermo log's conserved quantity does not include the barostat's work.)
    /// </summary>
    private void RescaleCell(double dt)
    {
        var cfg = State.Configuration;
        double volume = cfg.Cell.Volume;
        double kT = SimulationUnits.BoltzmannEvPerK * _settings.TemperatureK;
        double beta = _settings.CompressibilityPerBar * SimulationUnits.BarPerEvPerCubicAngstrom; // Å³/eV
        double target = _settings.PressureBar / SimulationUnits.BarPerEvPerCubicAngstrom;
        double tau = _settings.BarostatTauFs;
        double depsilon = -beta / tau * (target - Pressure() - kT / volume) * dt
                          + Math.Sqrt(2 * kT * beta * dt / (volume * tau)) * State.Random.NextGaussian();
        if (Math.Abs(depsilon) > MaximumVolumeChangePerBarostatStep)
            throw new SimulationInstabilityException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"step {State.Step}: pressure {Pressure() * SimulationUnits.BarPerEvPerCubicAngstrom:G3} bar would change the volume by {100 * (Math.Exp(depsilon) - 1):F1} % in one barostat step; the model is unstable here"));
        double mu = Math.Exp(depsilon / 3);
        var p = cfg.Positions;
        for (int k = 0; k < p.Length; k++) p[k] *= mu;
        Span<double> lattice = stackalloc double[9];
        for (int k = 0; k < 9; k++) lattice[k] = cfg.Cell.Vectors[k] * mu;
        cfg.Cell = Cell.Periodic(lattice);
        var v = State.Velocities;
        for (int k = 0; k < v.Length; k++) v[k] /= mu;
        ComputeForces();
    }
}
