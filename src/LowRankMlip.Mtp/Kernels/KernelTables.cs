namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Index tables derived once from a potential's basis (style-anchors practice 8) so the hot loops
/// only stream through flat arrays:
/// <list type="bullet">
/// <item>Monomials P_p(û) = ûx^kx ûy^ky ûz^kz for every (kx, ky, kz) with kx+ky+kz ≤ ν_max, ordered by
///   degree; each is its parent times one component, and each knows its partial derivatives'
///   monomials (needed for ∇_û P, mtp-spec §5.1).</item>
/// <item>Basic moments n = (μ_n, p_n) grouped by monomial, so the backward pass forms
///   a_p = Σ_{n∈p} A[n]·f_{μn} per neighbour.</item>
/// <item>alpha_index_times as parallel arrays with the weight as a double.</item>
/// </list>
/// </summary>
internal sealed class KernelTables
{
    public KernelTables(MtpBasis basis, int radialFunctionCount)
    {
        RadialFunctionCount = radialFunctionCount;
        BasicCount = basis.BasicCount;
        MomentCount = basis.MomentCount;
        MaxNu = basis.MaxNu;

        // Monomials by degree, within a degree kx descending then ky descending (the template order).
        var exps = new List<(int x, int y, int z)>();
        for (int nu = 0; nu <= MaxNu; nu++)
            for (int kx = nu; kx >= 0; kx--)
                for (int ky = nu - kx; ky >= 0; ky--)
                    exps.Add((kx, ky, nu - kx - ky));
        MonomialCount = exps.Count;
        var index = new Dictionary<(int, int, int), int>();
        for (int p = 0; p < exps.Count; p++) index[exps[p]] = p;

        MonomialParent = new int[MonomialCount];
        MonomialAxis = new int[MonomialCount];
        MonomialDegree = new int[MonomialCount];
        MonomialDerivative = new int[3 * MonomialCount];
        MonomialExponent = new double[3 * MonomialCount];
        for (int p = 0; p < exps.Count; p++)
        {
            var (x, y, z) = exps[p];
            MonomialDegree[p] = x + y + z;
            // Parent: remove one power of the first axis with a non-zero exponent.
            if (p == 0) { MonomialParent[p] = -1; MonomialAxis[p] = -1; }
            else if (x > 0) { MonomialParent[p] = index[(x - 1, y, z)]; MonomialAxis[p] = 0; }
            else if (y > 0) { MonomialParent[p] = index[(x, y - 1, z)]; MonomialAxis[p] = 1; }
            else { MonomialParent[p] = index[(x, y, z - 1)]; MonomialAxis[p] = 2; }
            MonomialDerivative[3 * p] = x > 0 ? index[(x - 1, y, z)] : 0;
            MonomialDerivative[3 * p + 1] = y > 0 ? index[(x, y - 1, z)] : 0;
            MonomialDerivative[3 * p + 2] = z > 0 ? index[(x, y, z - 1)] : 0;
            MonomialExponent[3 * p] = x;
            MonomialExponent[3 * p + 1] = y;
            MonomialExponent[3 * p + 2] = z;
        }

        BasicMu = new int[BasicCount];
        BasicMonomial = new int[BasicCount];
        for (int n = 0; n < BasicCount; n++)
        {
            var r = basis.BasicRows;
            BasicMu[n] = r[4 * n];
            BasicMonomial[n] = index[(r[4 * n + 1], r[4 * n + 2], r[4 * n + 3])];
        }

        // Basic moments grouped by monomial (CSR): used by the backward pass.
        var groups = Enumerable.Range(0, BasicCount).GroupBy(n => BasicMonomial[n]).OrderBy(g => g.Key).ToList();
        UsedMonomials = groups.Select(g => g.Key).ToArray();
        UsedMonomialOffsets = new int[groups.Count + 1];
        UsedMonomialMembers = new int[BasicCount];
        int k = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (var n in groups[g]) UsedMonomialMembers[k++] = n;
            UsedMonomialOffsets[g + 1] = k;
        }

        int t = basis.TimesCount;
        TimesI = new int[t];
        TimesJ = new int[t];
        TimesK = new int[t];
        TimesWeight = new double[t];
        for (int row = 0; row < t; row++)
        {
            TimesI[row] = basis.TimesRows[4 * row];
            TimesJ[row] = basis.TimesRows[4 * row + 1];
            TimesWeight[row] = basis.TimesRows[4 * row + 2];
            TimesK[row] = basis.TimesRows[4 * row + 3];
        }
        Mapping = (int[])basis.Mapping.Clone();

        // Runs of consecutive rows with the same target k: the contraction keeps m[k] in a register per run.
        var runStart = new List<int>();
        for (int row = 0; row < t; row++)
            if (row == 0 || TimesK[row] != TimesK[row - 1]) runStart.Add(row);
        runStart.Add(t);
        RunStart = runStart.ToArray();

        // Branch-free backward table: per used monomial, its degree and exponents as doubles and the
        // monomial index of each partial derivative (0 where the exponent is 0: multiplied by 0).
        UsedDegree = UsedMonomials.Select(m => (double)MonomialDegree[m]).ToArray();
        UsedExponent = new double[3 * UsedMonomials.Length];
        UsedDerivative = new int[3 * UsedMonomials.Length];
        for (int u = 0; u < UsedMonomials.Length; u++)
            for (int a = 0; a < 3; a++)
            {
                UsedExponent[3 * u + a] = MonomialExponent[3 * UsedMonomials[u] + a];
                UsedDerivative[3 * u + a] = MonomialDerivative[3 * UsedMonomials[u] + a];
            }
        MemberMu = UsedMonomialMembers.Select(n => BasicMu[n]).ToArray();

        // Basic moments grouped by μ (CSR) for the radial-coefficient gradient.
        MuOffsets = new int[radialFunctionCount + 1];
        MuMembers = new int[BasicCount];
        int cursor = 0;
        for (int mu = 0; mu < radialFunctionCount; mu++)
        {
            for (int n = 0; n < BasicCount; n++) if (BasicMu[n] == mu) MuMembers[cursor++] = n;
            MuOffsets[mu + 1] = cursor;
        }
        MuMemberMonomial = MuMembers.Select(n => BasicMonomial[n]).ToArray();
    }

    /// <summary>Basic moments with radial function μ are MuMembers[MuOffsets[μ] .. MuOffsets[μ+1]−1].</summary>
    public int[] MuOffsets { get; }
    public int[] MuMembers { get; }
    public int[] MuMemberMonomial { get; }

    /// <summary>Exponents (kx, ky, kz) of each used monomial as doubles, 3 per entry.</summary>
    public double[] UsedExponent { get; }

    /// <summary>Monomial index of ∂P/∂û_a / k_a for each used monomial and axis (0 where k_a = 0), 3 per entry.</summary>
    public int[] UsedDerivative { get; }

    /// <summary>μ of each basic moment in <see cref="UsedMonomialMembers"/> order.</summary>
    public int[] MemberMu { get; }

    /// <summary>Start row of each run of equal targets in the times list; the last entry is the row count.</summary>
    public int[] RunStart { get; }

    /// <summary>Degree ν of each used monomial, as a double.</summary>
    public double[] UsedDegree { get; }

    public int RadialFunctionCount { get; }
    public int BasicCount { get; }
    public int MomentCount { get; }
    public int MaxNu { get; }

    public int MonomialCount { get; }
    public int[] MonomialParent { get; }
    public int[] MonomialAxis { get; }
    public int[] MonomialDegree { get; }
    /// <summary>For monomial p and axis a: index of ∂P_p/∂û_a / k_a (valid only when the exponent is &gt; 0).</summary>
    public int[] MonomialDerivative { get; }
    /// <summary>For monomial p and axis a: the exponent k_a as a double.</summary>
    public double[] MonomialExponent { get; }

    public int[] BasicMu { get; }
    public int[] BasicMonomial { get; }

    public int[] UsedMonomials { get; }
    public int[] UsedMonomialOffsets { get; }
    public int[] UsedMonomialMembers { get; }

    public int[] TimesI { get; }
    public int[] TimesJ { get; }
    public int[] TimesK { get; }
    public double[] TimesWeight { get; }
    public int[] Mapping { get; }
}
