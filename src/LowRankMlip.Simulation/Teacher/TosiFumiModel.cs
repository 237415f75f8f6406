namespace LowRankMlip.Simulation.Teacher;

/// <summary>Which mixing of the ternary's hardness ρ (flinak-teacher §3.1): Set P (per parent salt) or Set S (one system ρ).</summary>
public enum TosiFumiSet
{
    P,
    S,
}

/// <summary>
/// The 4×4 table of Born–Mayer–Huggins pair parameters of the rigid-ion teacher, built from the pure-salt
/// Tosi–Fumi values of flinak-teacher §2 with the common-anion mixing rules of §3.1 (not copied from the
/// derived §3.2 table, which the tests use as an independent check).
/// </summary>
public sealed class TosiFumiModel
{
    /// <summary>b = 0.338·10⁻¹² erg in eV (flinak-teacher §1).</summary>
    public const double PaulingB = 0.338e-12 * 1e-7 / 1.602176634e-19;

    /// <summary>10⁻⁶⁰ erg cm⁶ (and 10⁻⁷⁶ erg cm⁸) in eV Å⁶ (eV Å⁸), flinak-teacher §1.</summary>
    public const double DispersionUnit = 1e-19 / 1.602176634e-19;

    /// <summary>§5 safeguard: ε_c = 1 eV, r_c = 1.2 Å.</summary>
    public const double DefaultCoreEnergy = 1.0, DefaultCoreRadius = 1.2;

    /// <summary>Eutectic mole fractions of LiF, NaF, KF (flinak-teacher §3.1).</summary>
    public static ReadOnlySpan<double> EutecticFractions => [0.465, 0.115, 0.42];

    // flinak-teacher §2, per parent salt LiF, NaF, KF; C in 10⁻⁶⁰ erg cm⁶, D in 10⁻⁷⁶ erg cm⁸.
    private static ReadOnlySpan<double> SaltRho => [0.299, 0.330, 0.338];
    private static ReadOnlySpan<double> CationCationC => [0.073, 1.68, 24.3];
    private static ReadOnlySpan<double> CationAnionC => [0.8, 4.5, 19.5];
    private static ReadOnlySpan<double> AnionAnionC => [14.5, 16.5, 18.6];
    private static ReadOnlySpan<double> CationCationD => [0.03, 0.8, 24];
    private static ReadOnlySpan<double> CationAnionD => [0.6, 3.8, 21];
    private static ReadOnlySpan<double> AnionAnionD => [17, 20, 22];

    private readonly BornMayerHugginsPair[] _pairs;

    private TosiFumiModel(string name, string tag, BornMayerHugginsPair[] pairs)
    {
        Name = name;
        Tag = tag;
        _pairs = pairs;
    }

    public string Name { get; }

    /// <summary>ASCII form of the name, e.g. TosiFumi-SetP-core.</summary>
    public string Tag { get; }

    public BornMayerHugginsPair Pair(Ion a, Ion b) => _pairs[(int)a * IonData.Count + (int)b];

    /// <summary>Row-major 4×4 pair table (symmetric), indexed by species.</summary>
    public ReadOnlySpan<BornMayerHugginsPair> Pairs => _pairs;

    /// <summary>The FLiNaK eutectic teacher (Set P recommended, §3.2), with or without the §5 core.</summary>
    public static TosiFumiModel Flinak(TosiFumiSet set = TosiFumiSet.P, bool core = true)
    {
        var x = EutecticFractions;
        double systemRho = 1 / (x[0] / SaltRho[0] + x[1] / SaltRho[1] + x[2] / SaltRho[2]);
        double cFF = x[0] * AnionAnionC[0] + x[1] * AnionAnionC[1] + x[2] * AnionAnionC[2];
        double dFF = x[0] * AnionAnionD[0] + x[1] * AnionAnionD[1] + x[2] * AnionAnionD[2];
        var pairs = new BornMayerHugginsPair[IonData.Count * IonData.Count];
        for (int a = 0; a < 3; a++)
        {
            for (int b = a; b < 3; b++)
            {
                // Unlike cations: geometric-mean C, D of the like-cation values, arithmetic-mean ρ (§3.1).
                double c = Math.Sqrt(CationCationC[a] * CationCationC[b]);
                double d = Math.Sqrt(CationCationD[a] * CationCationD[b]);
                double rho = set == TosiFumiSet.P ? 0.5 * (SaltRho[a] + SaltRho[b]) : systemRho;
                Set(pairs, (Ion)a, (Ion)b, rho, c, d, core);
            }
            Set(pairs, (Ion)a, Ion.F, set == TosiFumiSet.P ? SaltRho[a] : systemRho, CationAnionC[a], CationAnionD[a], core);
        }
        Set(pairs, Ion.F, Ion.F, systemRho, cFF, dFF, core);
        return new TosiFumiModel($"Tosi-Fumi FLiNaK Set {set}{(core ? " + core" : "")}", $"TosiFumi-Set{set}{(core ? "-core" : "")}", pairs);
    }

    /// <summary>
    /// A pure salt (LiF, NaF or KF) as in flinak-teacher §4: every pair with the parent salt's ρ and its own
    /// C, D (F–F from the parent salt). Pairs with the other two cations are absent (zero).
    /// </summary>
    public static TosiFumiModel PureSalt(Ion cation, bool core = false)
    {
        if (cation == Ion.F) throw new ArgumentException("a pure salt needs a cation (Li, Na or K)", nameof(cation));
        int s = (int)cation;
        var pairs = new BornMayerHugginsPair[IonData.Count * IonData.Count];
        Set(pairs, cation, cation, SaltRho[s], CationCationC[s], CationCationD[s], core);
        Set(pairs, cation, Ion.F, SaltRho[s], CationAnionC[s], CationAnionD[s], core);
        Set(pairs, Ion.F, Ion.F, SaltRho[s], AnionAnionC[s], AnionAnionD[s], core);
        return new TosiFumiModel($"Tosi-Fumi {cation}F{(core ? " + core" : "")}", $"TosiFumi-{cation}F{(core ? "-core" : "")}", pairs);
    }

    /// <summary>Only the formal-charge Coulomb interaction (all short-range terms zero), e.g. for Madelung sums.</summary>
    public static TosiFumiModel CoulombOnly() => new("point charges", "point-charges", new BornMayerHugginsPair[IonData.Count * IonData.Count]);

    private static void Set(BornMayerHugginsPair[] pairs, Ion a, Ion b, double rho, double c, double d, bool core)
    {
        var z = IonData.Charge;
        var n = IonData.OuterElectrons;
        var radius = IonData.BasicRadius;
        // Pauling factor β = 1 + z_i/n_i + z_j/n_j and A = β·b, σ = r_i + r_j (flinak-teacher §1, §3.1).
        double beta = 1 + z[(int)a] / n[(int)a] + z[(int)b] / n[(int)b];
        var pair = new BornMayerHugginsPair(beta * PaulingB, rho, radius[(int)a] + radius[(int)b], c * DispersionUnit, d * DispersionUnit,
            core ? DefaultCoreEnergy : 0, DefaultCoreRadius);
        pairs[(int)a * IonData.Count + (int)b] = pair;
        pairs[(int)b * IonData.Count + (int)a] = pair;
    }
}
