namespace LowRankMlip.Mtp;

/// <summary>
/// The moment-tensor basis of an MTP level (mtp-spec §4): basic moments (alpha_index_basic rows
/// {μ, kx, ky, kz}), derived moments (alpha_index_times rows {i, j, w, k}: moment[k] += w·m[i]·m[j],
/// in file order) and the scalar moments that become basis functions (alpha_moment_mapping).
/// Immutable after validation.
/// </summary>
public sealed class MtpBasis
{
    public MtpBasis(int momentCount, int[] basic, int[] times, int[] mapping)
    {
        if (basic.Length % 4 != 0) throw new ArgumentException("alpha_index_basic rows have 4 entries");
        if (times.Length % 4 != 0) throw new ArgumentException("alpha_index_times rows have 4 entries");
        MomentCount = momentCount;
        BasicRows = basic;
        TimesRows = times;
        Mapping = mapping;
    }

    /// <summary>alpha_moments_count (Nm).</summary>
    public int MomentCount { get; }

    /// <summary>Flattened alpha_index_basic, 4 per row: μ, kx, ky, kz.</summary>
    public int[] BasicRows { get; }

    /// <summary>Flattened alpha_index_times, 4 per row: i, j, w, k.</summary>
    public int[] TimesRows { get; }

    /// <summary>alpha_moment_mapping: moment index of each basis function α (Ns entries).</summary>
    public int[] Mapping { get; }

    public int BasicCount => BasicRows.Length / 4;
    public int TimesCount => TimesRows.Length / 4;
    public int ScalarCount => Mapping.Length;

    public int MaxMu
    {
        get
        {
            int m = -1;
            for (int n = 0; n < BasicCount; n++) m = Math.Max(m, BasicRows[4 * n]);
            return m;
        }
    }

    public int MaxNu
    {
        get
        {
            int m = 0;
            for (int n = 0; n < BasicCount; n++) m = Math.Max(m, BasicRows[4 * n + 1] + BasicRows[4 * n + 2] + BasicRows[4 * n + 3]);
            return m;
        }
    }

    /// <summary>
    /// The MTP level (mtp-spec §4.4): the largest level of a scalar basis function, with
    /// lev(M_{μ,ν}) = 2 + 4μ + ν and levels adding over products.
    /// </summary>
    public int Level
    {
        get
        {
            var lev = new int[MomentCount];
            for (int n = 0; n < BasicCount; n++)
                lev[n] = 2 + 4 * BasicRows[4 * n] + BasicRows[4 * n + 1] + BasicRows[4 * n + 2] + BasicRows[4 * n + 3];
            for (int t = 0; t < TimesCount; t++)
            {
                int i = TimesRows[4 * t], j = TimesRows[4 * t + 1], k = TimesRows[4 * t + 3];
                lev[k] = Math.Max(lev[k], lev[i] + lev[j]);
            }
            int max = 0;
            foreach (int m in Mapping) max = Math.Max(max, lev[m]);
            return max;
        }
    }

    /// <summary>
    /// Checks the invariants the evaluator relies on and returns the first violation, or null:
    /// indices in range, derived indices k ≥ Nb and i, j &lt; k (topological order), exponents ≥ 0,
    /// mapping entries distinct and in range.
    /// </summary>
    public string? Validate(int radialFunctionCount)
    {
        if (BasicCount > MomentCount) return $"alpha_index_basic_count = {BasicCount} exceeds alpha_moments_count = {MomentCount}";
        for (int n = 0; n < BasicCount; n++)
        {
            int mu = BasicRows[4 * n];
            if (mu < 0 || mu >= radialFunctionCount)
                return $"alpha_index_basic row {n}: radial function index μ = {mu} outside 0..radial_funcs_count−1 = {radialFunctionCount - 1}";
            for (int a = 1; a < 4; a++)
                if (BasicRows[4 * n + a] < 0) return $"alpha_index_basic row {n}: negative exponent {BasicRows[4 * n + a]}";
        }
        if (BasicCount > 0 && MaxMu != radialFunctionCount - 1)
            return $"the largest μ in alpha_index_basic is {MaxMu}, expected radial_funcs_count − 1 = {radialFunctionCount - 1}";
        for (int t = 0; t < TimesCount; t++)
        {
            int i = TimesRows[4 * t], j = TimesRows[4 * t + 1], k = TimesRows[4 * t + 3];
            if (k < BasicCount || k >= MomentCount)
                return $"alpha_index_times row {t}: target moment {k} outside the derived range {BasicCount}..{MomentCount - 1}";
            if (i < 0 || j < 0 || i >= k || j >= k)
                return $"alpha_index_times row {t}: factors {i}, {j} must be existing moments below the target {k}";
        }
        // The contraction accumulates each target in registers over its run of rows and the reverse
        // sweep reads A[k] once per run; both need every target complete before it is used as a factor.
        var lastWrite = new int[MomentCount];
        Array.Fill(lastWrite, -1);
        for (int t = 0; t < TimesCount; t++) lastWrite[TimesRows[4 * t + 3]] = t;
        for (int t = 0; t < TimesCount; t++)
            for (int f = 0; f < 2; f++)
            {
                int factor = TimesRows[4 * t + f];
                if (lastWrite[factor] > t)
                    return $"alpha_index_times row {t} uses moment {factor} before its last contribution (row {lastWrite[factor]})";
            }
        var seen = new HashSet<int>();
        foreach (int m in Mapping)
        {
            if (m < 0 || m >= MomentCount) return $"alpha_moment_mapping entry {m} outside 0..{MomentCount - 1}";
            if (!seen.Add(m)) return $"alpha_moment_mapping lists moment {m} twice";
        }
        return null;
    }
}
