namespace LowRankMlip.Simulation.Teacher;

/// <summary>
/// The four ions of the FLiNaK teacher. Their integer value is the species index the teacher expects in
/// <see cref="Configuration.Types"/> (0 Li, 1 Na, 2 K, 3 F), MLIP's .cfg convention for a 4-species potential.
/// </summary>
public enum Ion
{
    Li = 0,
    Na = 1,
    K = 2,
    F = 3,
}

/// <summary>Per-ion constants: formal charge, mass and Tosi–Fumi basic radius (flinak-teacher §1–§3.2).</summary>
public static class IonData
{
    public const int Count = 4;

    /// <summary>Formal charges (e): +1 for the cations, −1 for F (flinak-teacher §1).</summary>
    public static ReadOnlySpan<double> Charge => [1, 1, 1, -1];

    /// <summary>Masses (amu), flinak-teacher §3.2.</summary>
    public static ReadOnlySpan<double> Mass => [6.941, 22.98977, 39.0983, 18.998403];

    /// <summary>Tosi–Fumi basic radii (Å), flinak-teacher §2.</summary>
    public static ReadOnlySpan<double> BasicRadius => [0.816, 1.170, 1.463, 1.179];

    /// <summary>Outer-shell electron counts n of the Pauling factor (flinak-teacher §1): 2 for Li⁺, 8 otherwise.</summary>
    public static ReadOnlySpan<double> OuterElectrons => [2, 8, 8, 8];

    public static string Symbol(Ion ion) => ion.ToString();

    /// <summary>The ion of a species index; throws a clear error for anything else.</summary>
    public static Ion FromType(int type, int atom) =>
        type is >= 0 and < Count
            ? (Ion)type
            : throw new ArgumentException($"atom {atom + 1} has type {type}; the rigid-ion teacher expects types 0 Li, 1 Na, 2 K, 3 F");
}
