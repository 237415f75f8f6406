using LowRankMlip.Mtp;
using MathNet.Numerics;

namespace LowRankMlip.Simulation.Teacher;

/// <summary>Settings of the rigid-ion teacher (flinak-teacher §8, §9): one cutoff for short range and real-space Coulomb.</summary>
public sealed record RigidIonSettings
{
    /// <summary>Short-range and real-space Coulomb cutoff (Å); §9 recommends 9–12 Å.</summary>
    public double Cutoff { get; init; } = 9.0;
    public Electrostatics Electrostatics { get; init; } = Electrostatics.Ewald;
    /// <summary>Relative accuracy δ that fixes the Ewald α and k_max (§9: 1e-5).</summary>
    public double EwaldAccuracy { get; init; } = 1e-5;
    /// <summary>Explicit Ewald α (Å⁻¹); null = from <see cref="EwaldAccuracy"/> and the cutoff.</summary>
    public double? EwaldAlpha { get; init; }
    /// <summary>DSF damping α (Å⁻¹); §9.1 recommends 0.2–0.25.</summary>
    public double DsfAlpha { get; init; } = 0.25;

    /// <summary>ASCII tag for file features, e.g. ewald-1e-05-rc9 or dsf-0.25-rc9.</summary>
    public string Tag() => Electrostatics == Electrostatics.Ewald
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ewald-{EwaldAccuracy:g3}{(EwaldAlpha is { } a ? $"-alpha{a:g4}" : "")}-rc{Cutoff:g4}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"dsf-{DsfAlpha:g3}-rc{Cutoff:g4}");

    public string Describe() => Electrostatics == Electrostatics.Ewald
        ? $"Ewald δ={EwaldAccuracy:g3}{(EwaldAlpha is { } a ? $" α={a:g4}" : "")}, rc={Cutoff:g4} Å"
        : $"DSF α={DsfAlpha:g3} Å⁻¹, rc={Cutoff:g4} Å";
}

/// <summary>
/// The rigid-ion FLiNaK teacher: Born–Mayer–Huggins/Tosi–Fumi short range (<see cref="TosiFumiModel"/>) plus
/// formal-charge Coulomb by Ewald (real + reciprocal + self) or DSF, with energies, forces and virial
/// (flinak-teacher §1, §3.2, §5, §9). Short-range terms are truncated at the cutoff without shift or tail
/// correction, as LAMMPS born/coul/long does by default. Types are species indices 0 Li, 1 Na, 2 K, 3 F.
/// </summary>
public sealed class RigidIonTeacher : IForceProvider
{
    private readonly TosiFumiModel _model;
    private readonly RigidIonSettings _settings;
    private readonly ReciprocalSpaceSum _reciprocal = new();
    private double[] _charges = [];
    private int[] _species = [];

    public RigidIonTeacher(TosiFumiModel model, RigidIonSettings? settings = null)
    {
        _model = model;
        _settings = settings ?? new RigidIonSettings();
        if (!(_settings.Cutoff > 0)) throw new ArgumentException($"the teacher cutoff must be positive, got {_settings.Cutoff}");
    }

    public string Name => $"{_model.Name}, {_settings.Describe()}";

    /// <summary>ASCII identification for dataset features, e.g. TosiFumi-SetP-core-ewald-1e-05-rc9.</summary>
    public string Tag => $"{_model.Tag}-{_settings.Tag()}";
    public double Cutoff => _settings.Cutoff;
    public TosiFumiModel Model => _model;
    public RigidIonSettings Settings => _settings;

    /// <summary>Convenience: builds the neighbour list and a result (allocates).</summary>
    public EfsResult Compute(Configuration configuration)
    {
        var result = new EfsResult();
        Compute(configuration, NeighborList.Build(configuration, Cutoff), result);
        return result;
    }

    // Hot loop: JIT fully optimized on first call.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Compute(Configuration configuration, NeighborList neighbours, EfsResult result)
    {
        int n = configuration.AtomCount;
        if (configuration.Cell.PeriodicDimensionCount != 3)
            throw new ArgumentException("the rigid-ion teacher needs a cell periodic in all three directions");
        if (neighbours.Cutoff < Cutoff)
            throw new ArgumentException($"the neighbour list reaches {neighbours.Cutoff} Å; the teacher needs {Cutoff} Å");
        PrepareSpecies(configuration);
        result.Reset(n);
        var forces = result.Forces;
        var w = result.VirialMatrix;
        var pairs = _model.Pairs;
        bool ewald = _settings.Electrostatics == Electrostatics.Ewald;
        double rc = Cutoff, rc2 = rc * rc;
        double alpha = ewald ? EwaldFor().Alpha : _settings.DsfAlpha;
        double twoOverSqrtPi = 2 / Math.Sqrt(Math.PI);
        // DSF shift constants (flinak-teacher §9.1): E(rc) = 0 and F(rc) = 0.
        double erfcRc = SpecialFunctions.Erfc(alpha * rc);
        double dsfForceShift = erfcRc / rc2 + twoOverSqrtPi * alpha * Math.Exp(-alpha * alpha * rc2) / rc;
        double ke = SimulationUnits.CoulombConstant;
        double energy = 0;
        var vectors = neighbours.Vectors;
        for (int i = 0; i < n; i++)
        {
            int si = _species[i];
            double qi = _charges[i];
            double site = 0;
            for (int e = neighbours.Offsets[i]; e < neighbours.Offsets[i + 1]; e++)
            {
                double x = vectors[3 * e], y = vectors[3 * e + 1], z = vectors[3 * e + 2];
                double r2 = x * x + y * y + z * z;
                if (r2 >= rc2) continue;
                int j = neighbours.Indices[e];
                double r = Math.Sqrt(r2);
                double phi = pairs[si * IonData.Count + _species[j]].Evaluate(r, out double dphi);
                double qq = ke * qi * _charges[j];
                double erfc = SpecialFunctions.Erfc(alpha * r);
                double gauss = twoOverSqrtPi * alpha * Math.Exp(-alpha * alpha * r2);
                phi += qq * erfc / r;
                dphi -= qq * (erfc / r2 + gauss / r);
                if (!ewald)
                {
                    phi += qq * (-erfcRc / rc + dsfForceShift * (r - rc));
                    dphi += qq * dsfForceShift;
                }
                // Full list: each pair appears twice, so each entry carries half (mtp-spec §5.3–§5.4 conventions).
                site += 0.5 * phi;
                double g = 0.5 * dphi / r;
                double gx = g * x, gy = g * y, gz = g * z;
                forces[3 * i] += gx; forces[3 * i + 1] += gy; forces[3 * i + 2] += gz;
                forces[3 * j] -= gx; forces[3 * j + 1] -= gy; forces[3 * j + 2] -= gz;
                w[0] -= gx * x; w[1] -= gx * y; w[2] -= gx * z;
                w[3] -= gy * x; w[4] -= gy * y; w[5] -= gy * z;
                w[6] -= gz * x; w[7] -= gz * y; w[8] -= gz * z;
            }
            // Self term: −k_e α/√π q² (Ewald) or −k_e (erfc(α rc)/(2rc) + α/√π) q² (DSF, §9.1).
            site -= ke * qi * qi * (alpha / Math.Sqrt(Math.PI) + (ewald ? 0 : erfcRc / (2 * rc)));
            result.SiteEnergies[i] = site;
            energy += site;
        }
        if (ewald)
            energy += _reciprocal.Add(configuration.Cell, configuration.Positions.AsSpan(0, 3 * n), _charges.AsSpan(0, n), EwaldFor(), forces, w);
        result.Energy = energy;
    }

    private EwaldSettings EwaldFor() => _settings.EwaldAlpha is { } a
        ? EwaldSettings.FromAlpha(a, _settings.EwaldAccuracy)
        : EwaldSettings.FromAccuracy(_settings.Cutoff, _settings.EwaldAccuracy);

    private void PrepareSpecies(Configuration configuration)
    {
        int n = configuration.AtomCount;
        if (_charges.Length < n) { _charges = new double[n]; _species = new int[n]; }
        double total = 0;
        var charge = IonData.Charge;
        for (int i = 0; i < n; i++)
        {
            int s = (int)IonData.FromType(configuration.Types[i], i);
            _species[i] = s;
            _charges[i] = charge[s];
            total += charge[s];
        }
        // A net charge would need the neutralising-background term; the teacher's cells are neutral salts.
        if (Math.Abs(total) > 1e-9)
            throw new ArgumentException($"the configuration has net charge {total:g4} e; the rigid-ion teacher needs a neutral cell (as many F as cations)");
    }
}
