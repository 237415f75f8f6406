using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp;

/// <summary>
/// Per-basis-function energies, forces and virials of one configuration: with the radial part fixed,
/// E = Σ_t n_t ξ_t + Σ_α θ_α Σ_i B_α(i) and F, W are linear in θ (mtp-spec §11.4). Columns of the design
/// matrix of the linear solve.
/// </summary>
public sealed class LinearDesign
{
    /// <summary>Σ_i B_α(i) per basis function α.</summary>
    public double[] Energy = [];
    /// <summary>Forces of basis function α alone: Forces[α·3N + 3i + c].</summary>
    public double[] Forces = [];
    /// <summary>Virial of basis function α alone: Virial[α·9 + 3a + b].</summary>
    public double[] Virial = [];
    /// <summary>Atoms of each species.</summary>
    public int[] SpeciesCounts = [];
    public int AtomCount;
    public int BasisCount;

    internal void Reset(int atoms, int basis, int species)
    {
        AtomCount = atoms;
        BasisCount = basis;
        if (Energy.Length < basis) Energy = new double[basis];
        if (Forces.Length < basis * 3 * atoms) Forces = new double[basis * 3 * atoms];
        if (Virial.Length < basis * 9) Virial = new double[basis * 9];
        if (SpeciesCounts.Length < species) SpeciesCounts = new int[species];
        Array.Clear(Energy, 0, basis);
        Array.Clear(Forces, 0, basis * 3 * atoms);
        Array.Clear(Virial, 0, basis * 9);
        Array.Clear(SpeciesCounts, 0, species);
    }

    /// <summary>
    /// E, F and W of the configuration at species coefficients ξ and moment coefficients θ, from the columns:
    /// E = Σ_t n_t ξ_t + Σ_α θ_α E^α, F = Σ_α θ_α F^α, W = Σ_α θ_α W^α (exact when the potential has no
    /// non-linear pair term). Site energies are not available and are left at zero.
    /// </summary>
    public void Predict(ReadOnlySpan<double> species, ReadOnlySpan<double> theta, EfsResult result)
    {
        if (theta.Length != BasisCount) throw new ArgumentException($"expected {BasisCount} moment coefficients, got {theta.Length}");
        int threeN = 3 * AtomCount;
        result.Reset(AtomCount);
        double energy = 0;
        for (int t = 0; t < species.Length; t++) energy += species[t] * SpeciesCounts[t];
        var forces = result.Forces.AsSpan(0, threeN);
        var virial = result.VirialMatrix.AsSpan();
        for (int a = 0; a < BasisCount; a++)
        {
            double c = theta[a];
            energy += c * Energy[a];
            var column = Forces.AsSpan(a * threeN, threeN);
            for (int l = 0; l < threeN; l++) forces[l] += c * column[l];
            var w = Virial.AsSpan(a * 9, 9);
            for (int k = 0; k < 9; k++) virial[k] += c * w[k];
        }
        result.Energy = energy;
    }
}

public sealed partial class MtpEvaluator
{
    /// <summary>
    /// Fills <paramref name="design"/> for <paramref name="cfg"/> by forward-mode differentiation: for each
    /// neighbour slot j and direction c, the basic-moment tangent ∂m_n/∂r_ij,c (mtp-spec §5.1) is pushed
    /// through alpha_index_times (δm_k += w(δm_i m_j + m_i δm_j)); δB_α = ∂B_α(i)/∂r_ij,c then adds to
    /// F^α_i, subtracts from F^α_j and gives W^α −= δB_α ⊗ r_ij. Directions occupy the vector lanes.
    /// </summary>
    public void ComputeLinearDesign(Configuration cfg, NeighborList neighbours, EvaluatorWorkspace ws, LinearDesign design)
    {
        int n = cfg.AtomCount;
        ws.EnsureCapacity(n, _tables.MomentCount, _tables.BasicCount, LaneCount);
        design.Reset(n, _tables.Mapping.Length, _potential.SpeciesCount);
        for (int i = 0; i < n; i++)
        {
            int s = _potential.SpeciesIndexOf(cfg.Types[i]);
            if (s < 0) ThrowUnknownType(cfg.Types[i], i);
            ws.Species[i] = s;
            design.SpeciesCounts[s]++;
        }
        switch (Path)
        {
            case KernelPath.Vector512: RunDesign<Lane512, Vector512<double>>(cfg, neighbours, ws, design); break;
            case KernelPath.Vector256: RunDesign<Lane256, Vector256<double>>(cfg, neighbours, ws, design); break;
            default: RunDesign<Lane1, double>(cfg, neighbours, ws, design); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunDesign<TS, TV>(Configuration cfg, NeighborList nl, EvaluatorWorkspace ws, LinearDesign design)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        var t = _tables;
        int S = _potential.SpeciesCount, R = _potential.RadialBasisSize, Nb = t.BasicCount, Nm = t.MomentCount;
        int atoms = cfg.AtomCount;
        var block = ws.Block;
        var sc = ws.Scratch;
        var full = ws.SiteFullMoments(Nm);
        var tangent = ws.DesignTangents(3 * Nm * W); // [moment][axis][lane], lanes = slots
        var rowFactors = ws.DesignRowFactors(2 * t.TimesI.Length);
        int[] map = t.Mapping;
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK;
        double[] tw = t.TimesWeight;
        for (int i = 0; i < atoms; i++)
        {
            PrepareAtom<TS, TV>(i, nl, ws, S, R);
            int slots = block.SlotCount;
            ws.EnsureDesignSlotCapacity(map.Length, slots);
            for (int s = 0; s < slots; s++) ws.DesignSlotAtom[s] = block.Source[s] >= 0 ? nl.Indices[block.Source[s]] : -1;
            NeighbourKernels.AccumulateMoments<TS, TV>(block, sc, t, full);
            // Full moment vector of this atom (scalar contraction).
            full.AsSpan(Nb, Nm - Nb).Clear();
            for (int row = 0; row < ti.Length; row++) full[tk[row]] += tw[row] * full[ti[row]] * full[tj[row]];
            for (int a = 0; a < map.Length; a++) design.Energy[a] += full[map[a]];
            RowFactors(t, full, rowFactors);
            // Directions: W consecutive slots (lanes), all three axes at once. Padding slots have f = f' = 0.
            for (int s0 = 0; s0 < block.SlotCount; s0 += W)
            {
                BasicTangents<TS, TV>(t, sc, s0, tangent);
                PushTangents<TS, TV>(t, rowFactors, tangent);
                StoreDirections<TS, TV>(map, s0, slots, tangent, ws.DesignSlotValues);
            }
            ReduceAtom<TS, TV>(map.Length, i, atoms, block, ws, design);
        }
    }

    // One small method per step (basic tangents, their push through alpha_index_times, the store of δB_a,
    // the per-atom reduction) keeps each kernel within the JIT's inlining budget and register allocation.

    /// <summary>
    /// Basic-moment tangents ∂m_n/∂r_c = f'_μ û_c P_p + f_μ (k_c P_{p−e_c} − ν P_p û_c)/ρ (mtp-spec §5.1) of the W slots
    /// from s0 along all three axes, written as u_c·(f'_μ P_p − ν f_μ P_p/ρ) + k_c (f_μ/ρ) P_{p−e_c}: the μ- and
    /// p-dependent loads are shared by the axes. Layout tangent[(n·3 + c)·W + lane].
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BasicTangents<TS, TV>(KernelTables t, NeighbourScratch sc, int s0, double[] tangent)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, stride = sc.Stride;
        ref double f = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sc.F), s0);
        ref double df = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sc.DF), s0);
        ref double pm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sc.P), s0);
        ref double tg = ref MemoryMarshal.GetArrayDataReference(tangent);
        // Table rows read without bounds checks (KernelTables guarantees their lengths).
        ref int basicMu = ref MemoryMarshal.GetArrayDataReference(t.BasicMu);
        ref int basicMonomial = ref MemoryMarshal.GetArrayDataReference(t.BasicMonomial);
        ref int degree = ref MemoryMarshal.GetArrayDataReference(t.MonomialDegree);
        ref double exponent = ref MemoryMarshal.GetArrayDataReference(t.MonomialExponent);
        ref int derivative = ref MemoryMarshal.GetArrayDataReference(t.MonomialDerivative);
        TV inv = TS.Load(ref sc.InvR[s0]);
        TV ux = TS.Load(ref sc.Ux[s0]), uy = TS.Load(ref sc.Uy[s0]), uz = TS.Load(ref sc.Uz[s0]);
        int basic = t.BasicCount;
        for (int n = 0; n < basic; n++)
        {
            int mu = Unsafe.Add(ref basicMu, n) * stride, p = Unsafe.Add(ref basicMonomial, n);
            TV pv = TS.Load(ref Unsafe.Add(ref pm, p * stride));
            TV fr = TS.Multiply(TS.Load(ref Unsafe.Add(ref f, mu)), inv);
            TV radialPart = TS.Multiply(TS.Subtract(TS.Load(ref Unsafe.Add(ref df, mu)),
                TS.Multiply(TS.Broadcast(Unsafe.Add(ref degree, p)), fr)), pv);
            ref double k = ref Unsafe.Add(ref exponent, 3 * p);
            ref int d = ref Unsafe.Add(ref derivative, 3 * p);
            ref double into = ref Unsafe.Add(ref tg, 3 * n * W);
            TS.Store(TS.MultiplyAdd(radialPart, ux, TS.Multiply(TS.Multiply(TS.Broadcast(k), fr),
                TS.Load(ref Unsafe.Add(ref pm, d * stride)))), ref into);
            TS.Store(TS.MultiplyAdd(radialPart, uy, TS.Multiply(TS.Multiply(TS.Broadcast(Unsafe.Add(ref k, 1)), fr),
                TS.Load(ref Unsafe.Add(ref pm, Unsafe.Add(ref d, 1) * stride)))), ref Unsafe.Add(ref into, W));
            TS.Store(TS.MultiplyAdd(radialPart, uz, TS.Multiply(TS.Multiply(TS.Broadcast(Unsafe.Add(ref k, 2)), fr),
                TS.Load(ref Unsafe.Add(ref pm, Unsafe.Add(ref d, 2) * stride)))), ref Unsafe.Add(ref into, 2 * W));
        }
    }

    /// <summary>Stores δB_a of the W slots from s0 along the three axes as one vector per (basis function, axis).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreDirections<TS, TV>(int[] map, int s0, int slots, double[] tangent, double[] slotValues)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double tg = ref MemoryMarshal.GetArrayDataReference(tangent);
        ref double sv = ref MemoryMarshal.GetArrayDataReference(slotValues);
        for (int a = 0; a < map.Length; a++)
        {
            ref double from = ref Unsafe.Add(ref tg, 3 * map[a] * W);
            for (int c = 0; c < 3; c++)
                TS.Store(TS.Load(ref Unsafe.Add(ref from, c * W)), ref Unsafe.Add(ref sv, (a * 3 + c) * slots + s0));
        }
    }

    /// <summary>
    /// Atom i's share of the design: F^a_i += Σ_s δB_a(s), F^a_j −= δB_a(s) for the neighbour j of slot s,
    /// W^a_ck −= Σ_s δB_a(s) r_s,k (padding slots hold zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReduceAtom<TS, TV>(int basis, int i, int atoms, NeighbourBlock block, EvaluatorWorkspace ws, LinearDesign design)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, slots = block.SlotCount;
        ref double sv = ref MemoryMarshal.GetArrayDataReference(ws.DesignSlotValues);
        ref double x = ref MemoryMarshal.GetArrayDataReference(block.X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(block.Z);
        double[] forces = design.Forces;
        for (int a = 0; a < basis; a++)
        {
            for (int c = 0; c < 3; c++)
            {
                ref double row = ref Unsafe.Add(ref sv, (a * 3 + c) * slots);
                TV sum = TS.Zero, wx = TS.Zero, wy = TS.Zero, wz = TS.Zero;
                for (int s0 = 0; s0 < slots; s0 += W)
                {
                    TV g = TS.Load(ref Unsafe.Add(ref row, s0));
                    sum = TS.Add(sum, g);
                    wx = TS.MultiplyAdd(g, TS.Load(ref Unsafe.Add(ref x, s0)), wx);
                    wy = TS.MultiplyAdd(g, TS.Load(ref Unsafe.Add(ref y, s0)), wy);
                    wz = TS.MultiplyAdd(g, TS.Load(ref Unsafe.Add(ref z, s0)), wz);
                }
                int column = a * 3 * atoms + c;
                forces[column + 3 * i] += TS.Sum(sum);
                int v = a * 9 + 3 * c;
                design.Virial[v] -= TS.Sum(wx);
                design.Virial[v + 1] -= TS.Sum(wy);
                design.Virial[v + 2] -= TS.Sum(wz);
            }
        }
        SubtractFromNeighbours(basis, atoms, slots, ws.DesignSlotAtom, ref sv, forces);
    }

    /// <summary>
    /// F^a_j −= δB_a(s) for the neighbour j of every slot s. Slot-major, so each slot's atom is read once and
    /// its 3 × basis force entries are updated without bounds checks (the scalar scatter was a third of the design).
    /// </summary>
    private static void SubtractFromNeighbours(int basis, int atoms, int slots, int[] slotAtom, ref double slotValues, double[] forces)
    {
        int threeN = 3 * atoms;
        ref double fo = ref MemoryMarshal.GetArrayDataReference(forces);
        for (int s = 0; s < slots; s++)
        {
            int j = slotAtom[s];
            if (j < 0) continue;
            ref double target = ref Unsafe.Add(ref fo, 3 * j);
            ref double from = ref Unsafe.Add(ref slotValues, s);
            for (int a = 0; a < basis; a++)
            {
                ref double t = ref Unsafe.Add(ref target, a * threeN);
                ref double v = ref Unsafe.Add(ref from, 3 * a * slots);
                t -= v;
                Unsafe.Add(ref t, 1) -= Unsafe.Add(ref v, slots);
                Unsafe.Add(ref t, 2) -= Unsafe.Add(ref v, 2 * slots);
            }
        }
    }

    /// <summary>
    /// Per atom, the row factors of the tangent contraction: rowFactors[2·row] = w m_j, rowFactors[2·row + 1] = w m_i
    /// (alpha_index_times rows (i, j, w, k)), shared by all of the atom's slot groups.
    /// </summary>
    private static void RowFactors(KernelTables t, double[] m, double[] rowFactors)
    {
        int[] ti = t.TimesI, tj = t.TimesJ;
        double[] tw = t.TimesWeight;
        for (int row = 0; row < tw.Length; row++)
        {
            rowFactors[2 * row] = tw[row] * m[tj[row]];
            rowFactors[2 * row + 1] = tw[row] * m[ti[row]];
        }
    }

    /// <summary>
    /// Tangent contraction with fixed moments (row factors from <see cref="RowFactors"/>, broadcast), three axes × W slot
    /// lanes: δm_k += w(m_j δm_i + m_i δm_j) over each run of alpha_index_times rows with the same k. Six accumulators
    /// (axis × term) keep the FMA chains independent; the broadcasts and indices of a row serve all three axes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PushTangents<TS, TV>(KernelTables t, double[] rowFactors, double[] tangent)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, W3 = 3 * TS.Count;
        ref double d = ref MemoryMarshal.GetArrayDataReference(tangent);
        Array.Clear(tangent, t.BasicCount * W3, (t.MomentCount - t.BasicCount) * W3);
        ref int ti = ref MemoryMarshal.GetArrayDataReference(t.TimesI);
        ref int tj = ref MemoryMarshal.GetArrayDataReference(t.TimesJ);
        ref int tk = ref MemoryMarshal.GetArrayDataReference(t.TimesK);
        ref double factors = ref MemoryMarshal.GetArrayDataReference(rowFactors);
        int[] runs = t.RunStart;
        for (int run = 0; run < runs.Length - 1; run++)
        {
            int first = runs[run], end = runs[run + 1];
            ref double k = ref Unsafe.Add(ref d, Unsafe.Add(ref tk, first) * W3);
            TV x0 = TS.Load(ref k), y0 = TS.Load(ref Unsafe.Add(ref k, W)), z0 = TS.Load(ref Unsafe.Add(ref k, 2 * W));
            TV x1 = TS.Zero, y1 = TS.Zero, z1 = TS.Zero;
            for (int row = first; row < end; row++)
            {
                TV wmj = TS.Broadcast(Unsafe.Add(ref factors, 2 * row)), wmi = TS.Broadcast(Unsafe.Add(ref factors, 2 * row + 1));
                ref double di = ref Unsafe.Add(ref d, Unsafe.Add(ref ti, row) * W3);
                ref double dj = ref Unsafe.Add(ref d, Unsafe.Add(ref tj, row) * W3);
                x0 = TS.MultiplyAdd(wmj, TS.Load(ref di), x0);
                y0 = TS.MultiplyAdd(wmj, TS.Load(ref Unsafe.Add(ref di, W)), y0);
                z0 = TS.MultiplyAdd(wmj, TS.Load(ref Unsafe.Add(ref di, 2 * W)), z0);
                x1 = TS.MultiplyAdd(wmi, TS.Load(ref dj), x1);
                y1 = TS.MultiplyAdd(wmi, TS.Load(ref Unsafe.Add(ref dj, W)), y1);
                z1 = TS.MultiplyAdd(wmi, TS.Load(ref Unsafe.Add(ref dj, 2 * W)), z1);
            }
            TS.Store(TS.Add(x0, x1), ref k);
            TS.Store(TS.Add(y0, y1), ref Unsafe.Add(ref k, W));
            TS.Store(TS.Add(z0, z1), ref Unsafe.Add(ref k, 2 * W));
        }
    }
}
