using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Index tables of the latent-radial evaluation (<see cref="LatentRadial"/>, C = U ×_μ V), built once per
/// evaluator from <see cref="KernelTables"/> and U.
/// <para>
/// <b>Functions.</b> The neighbour stage works with H "functions" h of ρ: the r latent ones g_k (h = k),
/// followed by those dense f_μ = Σ_k U[μ,k] g_k that some monomial reads directly (h = r + d).
/// </para>
/// <para>
/// <b>Rows.</b> Every monomial p used by u_p basic moments (μ, p) is either <i>latent</i> (u_p ≥ r: r rows
/// (g_k, p), the basic moments follow as m_(μ,p) = Σ_k U[μ,k] m'_(k,p)) or <i>direct</i> (u_p &lt; r: one row
/// (f_μ, p) per basic moment). Either is exact; the choice minimises the rows per monomial (ties go latent,
/// which needs fewer direct functions). A row's moment is m'_row = Σ_j h(ρ_j) P_p(û_j). All latent functions
/// share the latent monomials, so latent row (k, j) is k·L + j; the basic moments follow per atom as
/// m_n = Σ_k U[μ_n,k] m'_(k·L+j) (latent) or m_n = m'_row (direct), and the backward pass uses the transpose:
/// c_(k·L+j) = Σ_{n on j} U[μ_n,k] A[n], c_row = A[n].
/// </para>
/// <para>
/// <b>Backward entries.</b> Per function h and slot, with c_(h,p) the row adjoints of h,
/// T_h(û) = Σ_p c_(h,p) P_p and its gradient in û, ∂_a T_h = Σ_q (q_a + 1)·c_(h, q+e_a)·P_q, are four
/// polynomials in the same monomials. An <i>entry</i> (h, q) holds the four coefficients of P_q
/// (T, ∂x, ∂y, ∂z), so each P_q is loaded once per function; entries whose three derivative
/// coefficients are structurally zero (the top degree of h) keep only the T coefficient.
/// Euler's identity gives Σ_p ν_p c_p P_p = û·∇T_h, hence
/// <code>
/// ∂E_i/∂r_ij = û Σ_h (h'(ρ) T_h − h(ρ)/ρ · û·∇T_h) + (1/ρ) Σ_h h(ρ) ∇T_h,
/// </code>
/// which is the dense backward (<see cref="NeighbourKernels.Backward{TS,TV}"/>) regrouped by function.
/// </para>
/// </summary>
internal sealed class LatentTables
{
    public LatentTables(KernelTables t, double[] mixing, int rank)
    {
        int K = t.RadialFunctionCount;
        if (rank < 1 || rank > K) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"must be between 1 and K = {K}");
        if (mixing.Length != K * rank) throw new ArgumentException($"mixing has {mixing.Length} entries; K×r = {K * rank} expected", nameof(mixing));
        Rank = rank;
        int monomials = t.MonomialCount;

        // Latent or direct, per used monomial.
        var latent = new bool[monomials];
        for (int u = 0; u < t.UsedMonomials.Length; u++)
        {
            int users = t.UsedMonomialOffsets[u + 1] - t.UsedMonomialOffsets[u];
            latent[t.UsedMonomials[u]] = users >= rank;
        }
        var directMu = new SortedSet<int>();
        for (int n = 0; n < t.BasicCount; n++)
            if (!latent[t.BasicMonomial[n]]) directMu.Add(t.BasicMu[n]);
        DirectMu = directMu.ToArray();
        FunctionCount = rank + DirectMu.Length;
        DirectMix = new double[DirectMu.Length * rank];
        for (int d = 0; d < DirectMu.Length; d++)
            for (int k = 0; k < rank; k++) DirectMix[d * rank + k] = mixing[DirectMu[d] * rank + k];
        var functionOfMu = new int[K];
        Array.Fill(functionOfMu, -1);
        for (int d = 0; d < DirectMu.Length; d++) functionOfMu[DirectMu[d]] = rank + d;

        // Monomials read by each function, in monomial order (rows grouped by function, CSR).
        var monomialsOf = new SortedSet<int>[FunctionCount];
        for (int h = 0; h < FunctionCount; h++) monomialsOf[h] = [];
        for (int n = 0; n < t.BasicCount; n++)
        {
            int p = t.BasicMonomial[n];
            if (latent[p]) for (int k = 0; k < rank; k++) monomialsOf[k].Add(p);
            else monomialsOf[functionOfMu[t.BasicMu[n]]].Add(p);
        }
        var rowOf = new Dictionary<(int h, int p), int>();
        FunctionRowStart = new int[FunctionCount + 1];
        var rowFunction = new List<int>();
        var rowMonomial = new List<int>();
        for (int h = 0; h < FunctionCount; h++)
        {
            foreach (int p in monomialsOf[h])
            {
                rowOf[(h, p)] = rowFunction.Count;
                rowFunction.Add(h);
                rowMonomial.Add(p);
            }
            FunctionRowStart[h + 1] = rowFunction.Count;
        }
        RowFunction = rowFunction.ToArray();
        RowMonomial = rowMonomial.ToArray();
        RowCount = RowFunction.Length;

        // Basic moments from rows. Latent functions share the latent monomial set, so row(k, p) = k·L + j(p):
        // the users (n, μ) of latent monomial j get m_n = Σ_k U[μ,k] m'_(k·L + j); a direct n reads its row.
        Mixing = (double[])mixing.Clone();
        LatentMonomialCount = FunctionRowStart[1];
        for (int k = 1; k < rank; k++)
            if (FunctionRowStart[k + 1] - FunctionRowStart[k] != LatentMonomialCount) throw new InvalidOperationException("latent functions must share one monomial set");
        var usersOf = new List<int>[LatentMonomialCount];
        for (int j = 0; j < LatentMonomialCount; j++) usersOf[j] = [];
        var directBasic = new List<int>();
        var directRow = new List<int>();
        for (int n = 0; n < t.BasicCount; n++)
        {
            int p = t.BasicMonomial[n], mu = t.BasicMu[n];
            if (latent[p]) usersOf[rowOf[(0, p)]].Add(n);
            else { directBasic.Add(n); directRow.Add(rowOf[(functionOfMu[mu], p)]); }
        }
        LatentUserStart = new int[LatentMonomialCount + 1];
        for (int j = 0; j < LatentMonomialCount; j++) LatentUserStart[j + 1] = LatentUserStart[j] + usersOf[j].Count;
        LatentUserBasic = usersOf.SelectMany(u => u).ToArray();
        LatentUserMonomial = new int[LatentUserBasic.Length];
        for (int j = 0; j < LatentMonomialCount; j++)
            for (int e = LatentUserStart[j]; e < LatentUserStart[j + 1]; e++) LatentUserMonomial[e] = j;
        int userCount = LatentUserBasic.Length;
        LatentUserWeight = new double[rank * userCount];
        for (int k = 0; k < rank; k++)
            for (int e = 0; e < userCount; e++) LatentUserWeight[k * userCount + e] = mixing[t.BasicMu[LatentUserBasic[e]] * rank + k];
        DirectBasic = directBasic.ToArray();
        DirectRow = directRow.ToArray();

        // Backward entries per function: (T, ∂x, ∂y, ∂z) coefficient sources of every monomial q.
        var index = new Dictionary<(int, int, int), int>();
        for (int p = 0; p < monomials; p++)
            index[((int)t.MonomialExponent[3 * p], (int)t.MonomialExponent[3 * p + 1], (int)t.MonomialExponent[3 * p + 2])] = p;
        int zero = RowCount; // the row-adjoint array carries a trailing 0 at this index
        var fullMono = new List<int>(); var fullSrc = new List<int>(); var fullFactor = new List<double>();
        var topMono = new List<int>(); var topSrc = new List<int>();
        FullStart = new int[FunctionCount + 1];
        TopStart = new int[FunctionCount + 1];
        var src = new int[3];
        var factor = new double[3];
        for (int h = 0; h < FunctionCount; h++)
        {
            var set = monomialsOf[h];
            var candidates = new SortedSet<int>(set);
            foreach (int p in set)
                for (int a = 0; a < 3; a++)
                    if (t.MonomialExponent[3 * p + a] > 0) candidates.Add(t.MonomialDerivative[3 * p + a]);
            foreach (int q in candidates)
            {
                int tSrc = set.Contains(q) ? rowOf[(h, q)] : zero;
                bool anyDerivative = false;
                for (int a = 0; a < 3; a++)
                {
                    int ex = (int)t.MonomialExponent[3 * q], ey = (int)t.MonomialExponent[3 * q + 1], ez = (int)t.MonomialExponent[3 * q + 2];
                    if (a == 0) ex++; else if (a == 1) ey++; else ez++;
                    if (index.TryGetValue((ex, ey, ez), out int up) && set.Contains(up))
                    {
                        src[a] = rowOf[(h, up)];
                        factor[a] = t.MonomialExponent[3 * q + a] + 1;
                        anyDerivative = true;
                    }
                    else { src[a] = zero; factor[a] = 0; }
                }
                if (anyDerivative)
                {
                    fullMono.Add(q);
                    fullSrc.Add(tSrc); fullFactor.Add(tSrc == zero ? 0 : 1);
                    for (int a = 0; a < 3; a++) { fullSrc.Add(src[a]); fullFactor.Add(factor[a]); }
                }
                else
                {
                    topMono.Add(q);
                    topSrc.Add(tSrc);
                }
            }
            FullStart[h + 1] = fullMono.Count;
            TopStart[h + 1] = topMono.Count;
        }
        // Monomials grouped by (degree, axis): every parent has a lower degree, so each run only reads finished values.
        MonomialCount = monomials;
        var order = Enumerable.Range(1, monomials - 1).OrderBy(m => t.MonomialDegree[m]).ThenBy(m => t.MonomialAxis[m]).ThenBy(m => m).ToArray();
        OrderMonomial = order;
        OrderParent = order.Select(m => t.MonomialParent[m]).ToArray();
        var runStart = new List<int>();
        var runAxis = new List<int>();
        for (int i = 0; i < order.Length; i++)
            if (i == 0 || t.MonomialDegree[order[i]] != t.MonomialDegree[order[i - 1]] || t.MonomialAxis[order[i]] != t.MonomialAxis[order[i - 1]])
            {
                runStart.Add(i);
                runAxis.Add(t.MonomialAxis[order[i]]);
            }
        runStart.Add(order.Length);
        AxisRunStart = runStart.ToArray();
        AxisRunAxis = runAxis.ToArray();

        FullMonomial = fullMono.ToArray();
        FullSource = fullSrc.ToArray();
        FullFactor = fullFactor.ToArray();
        TopMonomial = topMono.ToArray();
        TopSource = topSrc.ToArray();
    }

    public int Rank { get; }
    public int MonomialCount { get; }
    /// <summary>
    /// Monomial recurrence P_m = P_parent · û_axis in runs of one axis (degree by degree, so parents come first):
    /// run i covers OrderMonomial/OrderParent[AxisRunStart[i] .. AxisRunStart[i+1]−1] with axis AxisRunAxis[i].
    /// </summary>
    public int[] OrderMonomial { get; }
    public int[] OrderParent { get; }
    public int[] AxisRunStart { get; }
    public int[] AxisRunAxis { get; }
    /// <summary>H = r latent functions + the direct ones.</summary>
    public int FunctionCount { get; }
    /// <summary>μ of direct function r + d.</summary>
    public int[] DirectMu { get; }
    /// <summary>U[DirectMu[d], k] at [d·r + k]: f_μ = Σ_k U[μ,k] g_k.</summary>
    public double[] DirectMix { get; }

    public int RowCount { get; }
    public int[] FunctionRowStart { get; }
    public int[] RowFunction { get; }
    public int[] RowMonomial { get; }

    /// <summary>U (K×r row-major).</summary>
    public double[] Mixing { get; }
    /// <summary>L: monomials read through the latent functions; latent row (k, j) is k·L + j.</summary>
    public int LatentMonomialCount { get; }
    /// <summary>
    /// Users of the latent monomials: the basic moments of latent monomial j are LatentUserBasic[LatentUserStart[j] ..
    /// LatentUserStart[j+1]−1]; user e belongs to monomial LatentUserMonomial[e] and has weights
    /// LatentUserWeight[k·users + e] = U[μ_n, k] (planar in k, so the mixing loops run k-outer over contiguous users).
    /// </summary>
    public int[] LatentUserStart { get; }
    public int[] LatentUserBasic { get; }
    public int[] LatentUserMonomial { get; }
    public double[] LatentUserWeight { get; }
    /// <summary>Basic moments read directly: m[DirectBasic[i]] = m'[DirectRow[i]].</summary>
    public int[] DirectBasic { get; }
    public int[] DirectRow { get; }

    /// <summary>Full entries of function h: FullStart[h] .. FullStart[h+1]−1; monomial q, 4 sources/factors each (T, ∂x, ∂y, ∂z).</summary>
    public int[] FullStart { get; }
    public int[] FullMonomial { get; }
    public int[] FullSource { get; }
    public double[] FullFactor { get; }
    /// <summary>T-only (top-degree) entries of function h: TopStart[h] .. TopStart[h+1]−1.</summary>
    public int[] TopStart { get; }
    public int[] TopMonomial { get; }
    public int[] TopSource { get; }

    /// <summary>Multiply-adds per slot of the neighbour stage that depend on the plan (for reports): moment rows and backward coefficients.</summary>
    public (int Rows, int BackwardCoefficients) Cost => (RowCount, 4 * FullMonomial.Length + TopMonomial.Length);
}

/// <summary>
/// Per-thread buffers of the latent path (grow-only; part of <see cref="EvaluatorWorkspace"/>): one neighbour
/// block and slot scratch per lane of the atom batch (the backward pass reuses the forward pass's geometry and
/// functions instead of preparing the atom again), the forward pass's monomial table of one atom, the
/// backward pass's monomials of two slot vectors (L1-resident), and the per-atom row/entry coefficients.
/// </summary>
internal sealed class LatentScratch
{
    public NeighbourBlock[] Blocks = [];
    public NeighbourScratch[] Lanes = [];
    /// <summary>Backward: monomials of one or two slot vectors, [m·2W + half·W + lane].</summary>
    public double[] Monomials = [];
    /// <summary>Forward: monomials of every slot of the current atom, [m·slots + slot] (grows with the slot count).</summary>
    public double[] Table = [];
    public double[] RowMoments = [];
    /// <summary>Per-user temporaries of the mixing (one per basic moment of a latent monomial).</summary>
    public double[] UserValues = [];
    /// <summary>Row adjoints c_row, plus a trailing zero the backward tables point at for absent coefficients.</summary>
    public double[] RowAdjoint = [];
    public double[] FullCoeff = [];
    public double[] TopCoeff = [];

    public void EnsureCapacity(LatentTables lt, int lanes)
    {
        if (Blocks.Length < lanes)
        {
            Blocks = Enumerable.Range(0, lanes).Select(_ => new NeighbourBlock()).ToArray();
            Lanes = Enumerable.Range(0, lanes).Select(_ => new NeighbourScratch()).ToArray();
        }
        if (Monomials.Length < lt.MonomialCount * 2 * lanes) Monomials = new double[lt.MonomialCount * 2 * lanes];
        if (RowMoments.Length < lt.RowCount) RowMoments = new double[lt.RowCount];
        if (UserValues.Length < lt.LatentUserBasic.Length) UserValues = new double[lt.LatentUserBasic.Length];
        if (RowAdjoint.Length < lt.RowCount + 1) RowAdjoint = new double[lt.RowCount + 1];
        if (FullCoeff.Length < lt.FullSource.Length) FullCoeff = new double[lt.FullSource.Length];
        if (TopCoeff.Length < lt.TopSource.Length) TopCoeff = new double[lt.TopSource.Length];
    }
}

/// <summary>
/// Neighbour kernels of the latent path (see <see cref="LatentTables"/>), width-generic like
/// <see cref="NeighbourKernels"/>. <see cref="Forward{TS,TV}"/> computes the geometry and the H functions
/// (kept in the lane's <see cref="NeighbourScratch"/>: InvR, U, F, DF, for the backward pass) and the row moments;
/// <see cref="Backward{TS,TV}"/> recomputes the monomials of two slot vectors at a time into an L1-resident
/// buffer (cheaper than keeping W atom-sized tables or preparing the atom again) and forms the gradient.
/// Measured choices (AMD EPYC Zen 4, level 20, AVX-512, thread CPU time): register accumulators over an
/// atom-sized monomial table beat read-modify-write row accumulators per slot pair by ≈ 15 % in the forward
/// pass; keeping W per-lane tables for the backward pass instead of recomputing gained only ≈ 4 % and
/// grows with the level, so the backward pass recomputes.
/// </summary>
internal static class LatentKernels
{
    /// <summary>
    /// Geometry, the r latent functions g_k, g'_k of the species pair (V pre-multiplied by s), the direct
    /// functions f_μ = Σ_k U[μ,k] g_k, and the row moments m'_row = Σ_slots h_row · P_row into
    /// <see cref="LatentScratch.RowMoments"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, LatentTables lt, LatentScratch ls,
        double[] scaledLatent, int centreSpecies, int speciesCount, int basisSize, in RadialConstants rc, bool repulsive)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int r = lt.Rank;
        int directCount = lt.DirectMu.Length;
        int functions = lt.FunctionCount;
        int stride = scratch.Stride;
        Span<TV> q = stackalloc TV[basisSize];
        Span<TV> dq = stackalloc TV[basisSize];
        Span<TV> q2 = stackalloc TV[2 * basisSize];
        Span<TV> dq2 = stackalloc TV[2 * basisSize];
        ref double x = ref MemoryMarshal.GetArrayDataReference(block.X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(block.Z);
        ref double invR = ref MemoryMarshal.GetArrayDataReference(scratch.InvR);
        ref double ux = ref MemoryMarshal.GetArrayDataReference(scratch.Ux);
        ref double uy = ref MemoryMarshal.GetArrayDataReference(scratch.Uy);
        ref double uz = ref MemoryMarshal.GetArrayDataReference(scratch.Uz);
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double coeffBase = ref MemoryMarshal.GetArrayDataReference(scaledLatent);
        ref double mix = ref MemoryMarshal.GetArrayDataReference(lt.DirectMix);
        ref int rowMono = ref MemoryMarshal.GetArrayDataReference(lt.RowMonomial);
        int[] rowStart = lt.FunctionRowStart;
        TV one = TS.Broadcast(1.0);

        // Geometry and functions, two slot vectors of one species group at a time (independent dependency
        // chains through sqrt, division and the Chebyshev recurrence), a single vector for an odd tail.
        TV slope = TS.Broadcast(rc.Slope), offset = TS.Broadcast(rc.Offset), maxDist = TS.Broadcast(rc.MaxDist), minDist = TS.Broadcast(rc.MinDist);
        TV two = TS.Broadcast(2.0);
        for (int g = 0; g < block.GroupCount; g++)
        {
            int pair = centreSpecies * speciesCount + block.GroupSpecies[g];
            ref double coeffs = ref Unsafe.Add(ref coeffBase, pair * r * basisSize);
            int groupEnd = block.GroupStart[g + 1];
            int s = block.GroupStart[g];
            for (; s + 2 * W <= groupEnd; s += 2 * W)
            {
                int s1 = s + W;
                TV vx0 = TS.Load(ref Unsafe.Add(ref x, s)), vy0 = TS.Load(ref Unsafe.Add(ref y, s)), vz0 = TS.Load(ref Unsafe.Add(ref z, s));
                TV vx1 = TS.Load(ref Unsafe.Add(ref x, s1)), vy1 = TS.Load(ref Unsafe.Add(ref y, s1)), vz1 = TS.Load(ref Unsafe.Add(ref z, s1));
                TV r0 = TS.Sqrt(TS.MultiplyAdd(vx0, vx0, TS.MultiplyAdd(vy0, vy0, TS.Multiply(vz0, vz0))));
                TV r1 = TS.Sqrt(TS.MultiplyAdd(vx1, vx1, TS.MultiplyAdd(vy1, vy1, TS.Multiply(vz1, vz1))));
                TV inv0 = TS.Divide(one, r0), inv1 = TS.Divide(one, r1);
                TS.Store(inv0, ref Unsafe.Add(ref invR, s)); TS.Store(inv1, ref Unsafe.Add(ref invR, s1));
                TS.Store(TS.Multiply(vx0, inv0), ref Unsafe.Add(ref ux, s)); TS.Store(TS.Multiply(vx1, inv1), ref Unsafe.Add(ref ux, s1));
                TS.Store(TS.Multiply(vy0, inv0), ref Unsafe.Add(ref uy, s)); TS.Store(TS.Multiply(vy1, inv1), ref Unsafe.Add(ref uy, s1));
                TS.Store(TS.Multiply(vz0, inv0), ref Unsafe.Add(ref uz, s)); TS.Store(TS.Multiply(vz1, inv1), ref Unsafe.Add(ref uz, s1));
                // Basis Q_β, Q'_β of both vectors, as RadialBasis.RadialFunctions (same operations, same rounding).
                TV e0 = repulsive ? TS.Max(r0, minDist) : r0, e1 = repulsive ? TS.Max(r1, minDist) : r1;
                TV tau0 = TS.MultiplyAdd(e0, slope, offset), tau1 = TS.MultiplyAdd(e1, slope, offset);
                TV d0 = TS.Subtract(e0, maxDist), d1 = TS.Subtract(e1, maxDist);
                TV dd0 = TS.Multiply(d0, d0), dd1 = TS.Multiply(d1, d1);
                q2[0] = dd0; q2[1] = dd1;
                dq2[0] = TS.Multiply(two, d0); dq2[1] = TS.Multiply(two, d1);
                q2[2] = TS.Multiply(tau0, dd0); q2[3] = TS.Multiply(tau1, dd1);
                dq2[2] = TS.MultiplyAdd(slope, dd0, TS.Multiply(TS.Multiply(two, tau0), d0));
                dq2[3] = TS.MultiplyAdd(slope, dd1, TS.Multiply(TS.Multiply(two, tau1), d1));
                TV twoTau0 = TS.Multiply(two, tau0), twoTau1 = TS.Multiply(two, tau1);
                for (int b = 2; b < basisSize; b++)
                {
                    q2[2 * b] = TS.Subtract(TS.Multiply(twoTau0, q2[2 * b - 2]), q2[2 * b - 4]);
                    q2[2 * b + 1] = TS.Subtract(TS.Multiply(twoTau1, q2[2 * b - 1]), q2[2 * b - 3]);
                    dq2[2 * b] = TS.Subtract(TS.Multiply(two, TS.MultiplyAdd(slope, q2[2 * b - 2], TS.Multiply(tau0, dq2[2 * b - 2]))), dq2[2 * b - 4]);
                    dq2[2 * b + 1] = TS.Subtract(TS.Multiply(two, TS.MultiplyAdd(slope, q2[2 * b - 1], TS.Multiply(tau1, dq2[2 * b - 1]))), dq2[2 * b - 3]);
                }
                if (repulsive)
                {
                    TV mask0 = TS.SelectLess(minDist, r0, one, TS.Zero), mask1 = TS.SelectLess(minDist, r1, one, TS.Zero);
                    for (int b = 0; b < basisSize; b++)
                    {
                        dq2[2 * b] = TS.Multiply(dq2[2 * b], mask0);
                        dq2[2 * b + 1] = TS.Multiply(dq2[2 * b + 1], mask1);
                    }
                }
                // Latent functions g_k = Σ_β V[k,β] Q_β (V includes s), then the direct ones f_μ = Σ_k U[μ,k] g_k.
                for (int k = 0; k < r; k++)
                {
                    ref double c = ref Unsafe.Add(ref coeffs, k * basisSize);
                    TV a0 = TS.Zero, a1 = TS.Zero, da0 = TS.Zero, da1 = TS.Zero;
                    for (int b = 0; b < basisSize; b++)
                    {
                        TV cb = TS.Broadcast(Unsafe.Add(ref c, b));
                        a0 = TS.MultiplyAdd(cb, q2[2 * b], a0);
                        a1 = TS.MultiplyAdd(cb, q2[2 * b + 1], a1);
                        da0 = TS.MultiplyAdd(cb, dq2[2 * b], da0);
                        da1 = TS.MultiplyAdd(cb, dq2[2 * b + 1], da1);
                    }
                    TS.Store(a0, ref Unsafe.Add(ref f, k * stride + s)); TS.Store(a1, ref Unsafe.Add(ref f, k * stride + s1));
                    TS.Store(da0, ref Unsafe.Add(ref df, k * stride + s)); TS.Store(da1, ref Unsafe.Add(ref df, k * stride + s1));
                }
                for (int d = 0; d < directCount; d++)
                {
                    TV a0 = TS.Zero, a1 = TS.Zero, da0 = TS.Zero, da1 = TS.Zero;
                    for (int k = 0; k < r; k++)
                    {
                        TV u = TS.Broadcast(Unsafe.Add(ref mix, d * r + k));
                        a0 = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref f, k * stride + s)), a0);
                        a1 = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref f, k * stride + s1)), a1);
                        da0 = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref df, k * stride + s)), da0);
                        da1 = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref df, k * stride + s1)), da1);
                    }
                    TS.Store(a0, ref Unsafe.Add(ref f, (r + d) * stride + s)); TS.Store(a1, ref Unsafe.Add(ref f, (r + d) * stride + s1));
                    TS.Store(da0, ref Unsafe.Add(ref df, (r + d) * stride + s)); TS.Store(da1, ref Unsafe.Add(ref df, (r + d) * stride + s1));
                }
            }
            if (s < groupEnd)
            {
                TV rr = NeighbourKernels.Geometry<TS, TV>(block, scratch, s);
                // g_k, g'_k: the dense radial routine with r functions and the pair's V block.
                RadialBasis.RadialFunctions<TS, TV>(rr, rc, repulsive, ref coeffs, r, basisSize, ref f, ref df, stride, s, q, dq);
                for (int d = 0; d < directCount; d++)
                {
                    TV a = TS.Zero, da = TS.Zero;
                    for (int k = 0; k < r; k++)
                    {
                        TV u = TS.Broadcast(Unsafe.Add(ref mix, d * r + k));
                        a = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref f, k * stride + s)), a);
                        da = TS.MultiplyAdd(u, TS.Load(ref Unsafe.Add(ref df, k * stride + s)), da);
                    }
                    TS.Store(a, ref Unsafe.Add(ref f, (r + d) * stride + s));
                    TS.Store(da, ref Unsafe.Add(ref df, (r + d) * stride + s));
                }
            }
        }

        // Monomials of every slot into the atom's table (two slot vectors at a time), then the rows with register
        // accumulators over all slots, four rows of one function sharing each load of h.
        {
            int slotsT = block.SlotCount;
            if (ls.Table.Length < lt.MonomialCount * slotsT) ls.Table = new double[lt.MonomialCount * slotsT];
            ref double table = ref MemoryMarshal.GetArrayDataReference(ls.Table);
            int st = 0;
            for (; st + 2 * W <= slotsT; st += 2 * W)
                MonomialPair<TS, TV>(lt, ref Unsafe.Add(ref table, st), slotsT,
                    TS.Load(ref Unsafe.Add(ref ux, st)), TS.Load(ref Unsafe.Add(ref uy, st)), TS.Load(ref Unsafe.Add(ref uz, st)),
                    TS.Load(ref Unsafe.Add(ref ux, st + W)), TS.Load(ref Unsafe.Add(ref uy, st + W)), TS.Load(ref Unsafe.Add(ref uz, st + W)));
            if (st < slotsT)
                Monomials<TS, TV>(lt, ref Unsafe.Add(ref table, st), slotsT, TS.Load(ref Unsafe.Add(ref ux, st)), TS.Load(ref Unsafe.Add(ref uy, st)), TS.Load(ref Unsafe.Add(ref uz, st)));
            var rm = ls.RowMoments;
            for (int h = 0; h < functions; h++)
            {
                ref double hr = ref Unsafe.Add(ref f, h * stride);
                int row = rowStart[h], end = rowStart[h + 1];
                for (; row + 4 <= end; row += 4)
                {
                    ref double p0 = ref Unsafe.Add(ref table, Unsafe.Add(ref rowMono, row) * slotsT);
                    ref double p1 = ref Unsafe.Add(ref table, Unsafe.Add(ref rowMono, row + 1) * slotsT);
                    ref double p2 = ref Unsafe.Add(ref table, Unsafe.Add(ref rowMono, row + 2) * slotsT);
                    ref double p3 = ref Unsafe.Add(ref table, Unsafe.Add(ref rowMono, row + 3) * slotsT);
                    TV acc0 = TS.Zero, acc1 = TS.Zero, acc2 = TS.Zero, acc3 = TS.Zero;
                    for (int sv = 0; sv < slotsT; sv += W)
                    {
                        TV hv = TS.Load(ref Unsafe.Add(ref hr, sv));
                        acc0 = TS.MultiplyAdd(hv, TS.Load(ref Unsafe.Add(ref p0, sv)), acc0);
                        acc1 = TS.MultiplyAdd(hv, TS.Load(ref Unsafe.Add(ref p1, sv)), acc1);
                        acc2 = TS.MultiplyAdd(hv, TS.Load(ref Unsafe.Add(ref p2, sv)), acc2);
                        acc3 = TS.MultiplyAdd(hv, TS.Load(ref Unsafe.Add(ref p3, sv)), acc3);
                    }
                    rm[row] = TS.Sum(acc0); rm[row + 1] = TS.Sum(acc1); rm[row + 2] = TS.Sum(acc2); rm[row + 3] = TS.Sum(acc3);
                }
                for (; row < end; row++)
                {
                    ref double pr = ref Unsafe.Add(ref table, Unsafe.Add(ref rowMono, row) * slotsT);
                    TV a0 = TS.Zero;
                    for (int sv = 0; sv < slotsT; sv += W)
                        a0 = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref hr, sv)), TS.Load(ref Unsafe.Add(ref pr, sv)), a0);
                    rm[row] = TS.Sum(a0);
                }
            }
        }
    }

    /// <summary>All monomials of one slot vector into mono[m·rowStride] (P_0 = 1, then the axis runs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Monomials<TS, TV>(LatentTables lt, ref double mono, int rowStride, TV ex, TV ey, TV ez)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        ref int order = ref MemoryMarshal.GetArrayDataReference(lt.OrderMonomial);
        ref int parent = ref MemoryMarshal.GetArrayDataReference(lt.OrderParent);
        int[] runStart = lt.AxisRunStart, runAxis = lt.AxisRunAxis;
        TS.Store(TS.Broadcast(1.0), ref mono);
        for (int run = 0; run < runAxis.Length; run++)
        {
            int axis = runAxis[run];
            TV c = axis == 0 ? ex : axis == 1 ? ey : ez;
            int end = runStart[run + 1];
            for (int i = runStart[run]; i < end; i++)
                TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref mono, Unsafe.Add(ref parent, i) * rowStride)), c),
                         ref Unsafe.Add(ref mono, Unsafe.Add(ref order, i) * rowStride));
        }
    }

    /// <summary>Monomials of two consecutive slot vectors: mono[m·rowStride] and mono[m·rowStride + W].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MonomialPair<TS, TV>(LatentTables lt, ref double mono, int rowStride, TV ex0, TV ey0, TV ez0, TV ex1, TV ey1, TV ez1)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref int order = ref MemoryMarshal.GetArrayDataReference(lt.OrderMonomial);
        ref int parent = ref MemoryMarshal.GetArrayDataReference(lt.OrderParent);
        int[] runStart = lt.AxisRunStart, runAxis = lt.AxisRunAxis;
        TV one = TS.Broadcast(1.0);
        TS.Store(one, ref mono);
        TS.Store(one, ref Unsafe.Add(ref mono, W));
        for (int run = 0; run < runAxis.Length; run++)
        {
            int axis = runAxis[run];
            TV c0 = axis == 0 ? ex0 : axis == 1 ? ey0 : ez0;
            TV c1 = axis == 0 ? ex1 : axis == 1 ? ey1 : ez1;
            int end = runStart[run + 1];
            for (int i = runStart[run]; i < end; i++)
            {
                ref double src = ref Unsafe.Add(ref mono, Unsafe.Add(ref parent, i) * rowStride);
                ref double dst = ref Unsafe.Add(ref mono, Unsafe.Add(ref order, i) * rowStride);
                TS.Store(TS.Multiply(TS.Load(ref src), c0), ref dst);
                TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref src, W)), c1), ref Unsafe.Add(ref dst, W));
            }
        }
    }

    /// <summary>
    /// Basic moments from the row moments (per atom): m_n = Σ_k U[μ_n,k] m'_(k·L + j) for the users of latent
    /// monomial j, m_n = m'_row for the direct ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MixForward(LatentTables lt, LatentScratch ls, Span<double> basic)
    {
        int r = lt.Rank, L = lt.LatentMonomialCount, users = lt.LatentUserBasic.Length;
        ref double rm = ref MemoryMarshal.GetArrayDataReference(ls.RowMoments);
        ref double w = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserWeight);
        ref double tmp = ref MemoryMarshal.GetArrayDataReference(ls.UserValues);
        ref double m = ref MemoryMarshal.GetReference(basic);
        ref int userBasic = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserBasic);
        ref int userMono = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserMonomial);
        for (int e = 0; e < users; e++) Unsafe.Add(ref tmp, e) = Unsafe.Add(ref w, e) * Unsafe.Add(ref rm, Unsafe.Add(ref userMono, e));
        for (int k = 1; k < r; k++)
        {
            ref double wk = ref Unsafe.Add(ref w, k * users);
            ref double rk = ref Unsafe.Add(ref rm, k * L);
            for (int e = 0; e < users; e++)
                Unsafe.Add(ref tmp, e) += Unsafe.Add(ref wk, e) * Unsafe.Add(ref rk, Unsafe.Add(ref userMono, e));
        }
        for (int e = 0; e < users; e++) Unsafe.Add(ref m, Unsafe.Add(ref userBasic, e)) = Unsafe.Add(ref tmp, e);
        int[] directBasic = lt.DirectBasic, directRow = lt.DirectRow;
        for (int i = 0; i < directBasic.Length; i++)
            Unsafe.Add(ref m, directBasic[i]) = Unsafe.Add(ref rm, directRow[i]);
    }

    /// <summary>
    /// Transpose of <see cref="MixForward"/>: row adjoints c_(k·L+j) = Σ_users U[μ_n,k] A[n] and c_row = A[n] for
    /// direct rows; then the backward coefficients of every entry (factor · c_source; absent sources read the
    /// trailing zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MixBackward(LatentTables lt, ReadOnlySpan<double> basicAdjoint, LatentScratch ls)
    {
        int r = lt.Rank, L = lt.LatentMonomialCount, users = lt.LatentUserBasic.Length;
        ref double c = ref MemoryMarshal.GetArrayDataReference(ls.RowAdjoint);
        ref double w = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserWeight);
        ref double tmp = ref MemoryMarshal.GetArrayDataReference(ls.UserValues);
        ref double a = ref MemoryMarshal.GetReference(basicAdjoint);
        ref int userStart = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserStart);
        ref int userBasic = ref MemoryMarshal.GetArrayDataReference(lt.LatentUserBasic);
        for (int e = 0; e < users; e++) Unsafe.Add(ref tmp, e) = Unsafe.Add(ref a, Unsafe.Add(ref userBasic, e));
        for (int k = 0; k < r; k++)
        {
            ref double wk = ref Unsafe.Add(ref w, k * users);
            ref double ck = ref Unsafe.Add(ref c, k * L);
            int e = 0;
            for (int j = 0; j < L; j++)
            {
                int end = Unsafe.Add(ref userStart, j + 1);
                double sum = 0;
                for (; e < end; e++) sum += Unsafe.Add(ref wk, e) * Unsafe.Add(ref tmp, e);
                Unsafe.Add(ref ck, j) = sum;
            }
        }
        int[] directBasic = lt.DirectBasic, directRow = lt.DirectRow;
        for (int i = 0; i < directBasic.Length; i++)
            Unsafe.Add(ref c, directRow[i]) = Unsafe.Add(ref a, directBasic[i]);
        Unsafe.Add(ref c, lt.RowCount) = 0;

        ref int src = ref MemoryMarshal.GetArrayDataReference(lt.FullSource);
        ref double factor = ref MemoryMarshal.GetArrayDataReference(lt.FullFactor);
        ref double full = ref MemoryMarshal.GetArrayDataReference(ls.FullCoeff);
        int count = lt.FullSource.Length;
        for (int e = 0; e < count; e += 4) // four channels per entry
        {
            Unsafe.Add(ref full, e) = Unsafe.Add(ref factor, e) * Unsafe.Add(ref c, Unsafe.Add(ref src, e));
            Unsafe.Add(ref full, e + 1) = Unsafe.Add(ref factor, e + 1) * Unsafe.Add(ref c, Unsafe.Add(ref src, e + 1));
            Unsafe.Add(ref full, e + 2) = Unsafe.Add(ref factor, e + 2) * Unsafe.Add(ref c, Unsafe.Add(ref src, e + 2));
            Unsafe.Add(ref full, e + 3) = Unsafe.Add(ref factor, e + 3) * Unsafe.Add(ref c, Unsafe.Add(ref src, e + 3));
        }
        ref int top = ref MemoryMarshal.GetArrayDataReference(lt.TopSource);
        ref double topCoeff = ref MemoryMarshal.GetArrayDataReference(ls.TopCoeff);
        int topCount = lt.TopSource.Length;
        for (int e = 0; e < topCount; e++) Unsafe.Add(ref topCoeff, e) = Unsafe.Add(ref c, Unsafe.Add(ref top, e));
    }

    /// <summary>
    /// ∂E_i/∂r_ij per slot into scratch.Gx/Gy/Gz from the entry coefficients of <see cref="MixBackward"/>
    /// and the geometry and functions <see cref="Forward{TS,TV}"/> left in <paramref name="scratch"/>:
    /// per function h the polynomials T_h, ∂xT_h, ∂yT_h, ∂zT_h, then
    /// ∂E_i/∂r_ij = û Σ_h (h' T_h − h/ρ · û·∇T_h) + (1/ρ) Σ_h h ∇T_h. Two vectors of slots per pass share
    /// every coefficient broadcast; their monomials are recomputed into the small buffer first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, LatentTables lt, LatentScratch ls)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int ms = 2 * W; // monomial row stride in the pair buffer
        int stride = scratch.Stride;
        int slots = block.SlotCount;
        int functions = lt.FunctionCount;
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double p = ref MemoryMarshal.GetArrayDataReference(ls.Monomials);
        ref double ux = ref MemoryMarshal.GetArrayDataReference(scratch.Ux);
        ref double uy = ref MemoryMarshal.GetArrayDataReference(scratch.Uy);
        ref double uz = ref MemoryMarshal.GetArrayDataReference(scratch.Uz);
        ref double invR = ref MemoryMarshal.GetArrayDataReference(scratch.InvR);
        ref double coeff = ref MemoryMarshal.GetArrayDataReference(ls.FullCoeff);
        ref double topCoeff = ref MemoryMarshal.GetArrayDataReference(ls.TopCoeff);
        ref int fullMono = ref MemoryMarshal.GetArrayDataReference(lt.FullMonomial);
        ref int topMono = ref MemoryMarshal.GetArrayDataReference(lt.TopMonomial);
        int[] fullStart = lt.FullStart, topStart = lt.TopStart;

        int s = 0;
        for (; s + 2 * W <= slots; s += 2 * W)
        {
            int s1 = s + W;
            TV ux0 = TS.Load(ref Unsafe.Add(ref ux, s)), uy0 = TS.Load(ref Unsafe.Add(ref uy, s)), uz0 = TS.Load(ref Unsafe.Add(ref uz, s));
            TV ux1 = TS.Load(ref Unsafe.Add(ref ux, s1)), uy1 = TS.Load(ref Unsafe.Add(ref uy, s1)), uz1 = TS.Load(ref Unsafe.Add(ref uz, s1));
            MonomialPair<TS, TV>(lt, ref p, ms, ux0, uy0, uz0, ux1, uy1, uz1);
            TV rad0 = TS.Zero, eul0 = TS.Zero, gx0 = TS.Zero, gy0 = TS.Zero, gz0 = TS.Zero;
            TV rad1 = TS.Zero, eul1 = TS.Zero, gx1 = TS.Zero, gy1 = TS.Zero, gz1 = TS.Zero;
            for (int h = 0; h < functions; h++)
            {
                TV t0 = TS.Zero, x0 = TS.Zero, y0 = TS.Zero, z0 = TS.Zero;
                TV t1 = TS.Zero, x1 = TS.Zero, y1 = TS.Zero, z1 = TS.Zero;
                int end = fullStart[h + 1];
                for (int e = fullStart[h]; e < end; e++)
                {
                    ref double pr = ref Unsafe.Add(ref p, Unsafe.Add(ref fullMono, e) * ms);
                    TV p0 = TS.Load(ref pr), p1 = TS.Load(ref Unsafe.Add(ref pr, W));
                    ref double c = ref Unsafe.Add(ref coeff, 4 * e);
                    TV ct = TS.Broadcast(c), cx = TS.Broadcast(Unsafe.Add(ref c, 1));
                    TV cy = TS.Broadcast(Unsafe.Add(ref c, 2)), cz = TS.Broadcast(Unsafe.Add(ref c, 3));
                    t0 = TS.MultiplyAdd(ct, p0, t0); t1 = TS.MultiplyAdd(ct, p1, t1);
                    x0 = TS.MultiplyAdd(cx, p0, x0); x1 = TS.MultiplyAdd(cx, p1, x1);
                    y0 = TS.MultiplyAdd(cy, p0, y0); y1 = TS.MultiplyAdd(cy, p1, y1);
                    z0 = TS.MultiplyAdd(cz, p0, z0); z1 = TS.MultiplyAdd(cz, p1, z1);
                }
                // Top-degree entries (T only): two accumulators per vector against the FMA latency.
                TV ta0 = TS.Zero, ta1 = TS.Zero;
                int e2 = topStart[h], topEnd = topStart[h + 1];
                for (; e2 + 2 <= topEnd; e2 += 2)
                {
                    ref double pa = ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2) * ms);
                    ref double pb = ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2 + 1) * ms);
                    TV ca = TS.Broadcast(Unsafe.Add(ref topCoeff, e2)), cb = TS.Broadcast(Unsafe.Add(ref topCoeff, e2 + 1));
                    t0 = TS.MultiplyAdd(ca, TS.Load(ref pa), t0);
                    t1 = TS.MultiplyAdd(ca, TS.Load(ref Unsafe.Add(ref pa, W)), t1);
                    ta0 = TS.MultiplyAdd(cb, TS.Load(ref pb), ta0);
                    ta1 = TS.MultiplyAdd(cb, TS.Load(ref Unsafe.Add(ref pb, W)), ta1);
                }
                if (e2 < topEnd)
                {
                    ref double pa = ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2) * ms);
                    TV ca = TS.Broadcast(Unsafe.Add(ref topCoeff, e2));
                    t0 = TS.MultiplyAdd(ca, TS.Load(ref pa), t0);
                    t1 = TS.MultiplyAdd(ca, TS.Load(ref Unsafe.Add(ref pa, W)), t1);
                }
                t0 = TS.Add(t0, ta0); t1 = TS.Add(t1, ta1);
                int fr = h * stride;
                TV hv0 = TS.Load(ref Unsafe.Add(ref f, fr + s)), hd0 = TS.Load(ref Unsafe.Add(ref df, fr + s));
                TV hv1 = TS.Load(ref Unsafe.Add(ref f, fr + s1)), hd1 = TS.Load(ref Unsafe.Add(ref df, fr + s1));
                rad0 = TS.MultiplyAdd(hd0, t0, rad0); rad1 = TS.MultiplyAdd(hd1, t1, rad1);
                // h · (û·∇T_h) = h · Σ_p ν_p c_p P_p (Euler)
                eul0 = TS.MultiplyAdd(hv0, TS.MultiplyAdd(ux0, x0, TS.MultiplyAdd(uy0, y0, TS.Multiply(uz0, z0))), eul0);
                eul1 = TS.MultiplyAdd(hv1, TS.MultiplyAdd(ux1, x1, TS.MultiplyAdd(uy1, y1, TS.Multiply(uz1, z1))), eul1);
                gx0 = TS.MultiplyAdd(hv0, x0, gx0); gx1 = TS.MultiplyAdd(hv1, x1, gx1);
                gy0 = TS.MultiplyAdd(hv0, y0, gy0); gy1 = TS.MultiplyAdd(hv1, y1, gy1);
                gz0 = TS.MultiplyAdd(hv0, z0, gz0); gz1 = TS.MultiplyAdd(hv1, z1, gz1);
            }
            TV inv0 = TS.Load(ref Unsafe.Add(ref invR, s)), inv1 = TS.Load(ref Unsafe.Add(ref invR, s1));
            StoreGradient<TS, TV>(scratch, s, inv0, TS.Subtract(rad0, TS.Multiply(inv0, eul0)), ux0, uy0, uz0, gx0, gy0, gz0);
            StoreGradient<TS, TV>(scratch, s1, inv1, TS.Subtract(rad1, TS.Multiply(inv1, eul1)), ux1, uy1, uz1, gx1, gy1, gz1);
        }
        for (; s < slots; s += W)
        {
            TV ux0 = TS.Load(ref Unsafe.Add(ref ux, s)), uy0 = TS.Load(ref Unsafe.Add(ref uy, s)), uz0 = TS.Load(ref Unsafe.Add(ref uz, s));
            Monomials<TS, TV>(lt, ref p, ms, ux0, uy0, uz0);
            TV rad0 = TS.Zero, eul0 = TS.Zero, gx0 = TS.Zero, gy0 = TS.Zero, gz0 = TS.Zero;
            for (int h = 0; h < functions; h++)
            {
                TV t0 = TS.Zero, x0 = TS.Zero, y0 = TS.Zero, z0 = TS.Zero;
                int end = fullStart[h + 1];
                for (int e = fullStart[h]; e < end; e++)
                {
                    TV p0 = TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref fullMono, e) * ms));
                    ref double c = ref Unsafe.Add(ref coeff, 4 * e);
                    t0 = TS.MultiplyAdd(TS.Broadcast(c), p0, t0);
                    x0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref c, 1)), p0, x0);
                    y0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref c, 2)), p0, y0);
                    z0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref c, 3)), p0, z0);
                }
                TV ta0 = TS.Zero;
                int e2 = topStart[h], topEnd = topStart[h + 1];
                for (; e2 + 2 <= topEnd; e2 += 2)
                {
                    t0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref topCoeff, e2)), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2) * ms)), t0);
                    ta0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref topCoeff, e2 + 1)), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2 + 1) * ms)), ta0);
                }
                if (e2 < topEnd)
                    t0 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref topCoeff, e2)), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref topMono, e2) * ms)), t0);
                t0 = TS.Add(t0, ta0);
                int fr = h * stride + s;
                TV hv0 = TS.Load(ref Unsafe.Add(ref f, fr)), hd0 = TS.Load(ref Unsafe.Add(ref df, fr));
                rad0 = TS.MultiplyAdd(hd0, t0, rad0);
                eul0 = TS.MultiplyAdd(hv0, TS.MultiplyAdd(ux0, x0, TS.MultiplyAdd(uy0, y0, TS.Multiply(uz0, z0))), eul0);
                gx0 = TS.MultiplyAdd(hv0, x0, gx0);
                gy0 = TS.MultiplyAdd(hv0, y0, gy0);
                gz0 = TS.MultiplyAdd(hv0, z0, gz0);
            }
            TV inv0 = TS.Load(ref Unsafe.Add(ref invR, s));
            StoreGradient<TS, TV>(scratch, s, inv0, TS.Subtract(rad0, TS.Multiply(inv0, eul0)), ux0, uy0, uz0, gx0, gy0, gz0);
        }
    }

    /// <summary>∂E_i/∂r_ij = û · radial + (1/ρ) · (gx, gy, gz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGradient<TS, TV>(NeighbourScratch scratch, int s, TV inv, TV radial, TV ux, TV uy, TV uz, TV gx, TV gy, TV gz)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        TS.Store(TS.MultiplyAdd(ux, radial, TS.Multiply(inv, gx)), ref scratch.Gx[s]);
        TS.Store(TS.MultiplyAdd(uy, radial, TS.Multiply(inv, gy)), ref scratch.Gy[s]);
        TS.Store(TS.MultiplyAdd(uz, radial, TS.Multiply(inv, gz)), ref scratch.Gz[s]);
    }
}
