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

    /// <summary>
    /// Per-atom slot values δB_a of every basis function, direction c and neighbour slot
    /// (SlotValues[(a·3 + c)·slots + s]), stored as whole vectors while the directions run and reduced once
    /// per atom into the centre force, the neighbours' forces and the virial. SlotAtom[s] is the neighbour
    /// atom of slot s (−1 for padding).
    /// </summary>
    internal double[] SlotValues = [];
    internal int[] SlotAtom = [];

    internal void EnsureSlotCapacity(int basis, int slots)
    {
        if (SlotValues.Length < basis * 3 * slots) SlotValues = new double[basis * 3 * slots];
        if (SlotAtom.Length < slots) SlotAtom = new int[slots];
    }

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
        ws.EnsureGradientCapacity(_tables.MomentCount, _tables.BasicCount, LaneCount);
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
        var tangent = ws.Tangents; // Nm × W, lanes = directions
        int[] map = t.Mapping;
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK;
        double[] tw = t.TimesWeight;
        for (int i = 0; i < atoms; i++)
        {
            PrepareAtom<TS, TV>(i, nl, ws, S, R);
            int slots = block.SlotCount;
            design.EnsureSlotCapacity(map.Length, slots);
            for (int s = 0; s < slots; s++) design.SlotAtom[s] = block.Source[s] >= 0 ? nl.Indices[block.Source[s]] : -1;
            NeighbourKernels.AccumulateMoments<TS, TV>(block, sc, t, full);
            // Full moment vector of this atom (scalar contraction).
            full.AsSpan(Nb, Nm - Nb).Clear();
            for (int row = 0; row < ti.Length; row++) full[tk[row]] += tw[row] * full[ti[row]] * full[tj[row]];
            for (int a = 0; a < map.Length; a++) design.Energy[a] += full[map[a]];
            // Directions: W consecutive slots (lanes) along one axis c. Padding slots have f = f' = 0.
            for (int s0 = 0; s0 < block.SlotCount; s0 += W)
                for (int c = 0; c < 3; c++)
                {
                    BasicTangents<TS, TV>(t, sc, s0, c, tangent);
                    PushTangents<TS, TV>(t, full, tangent);
                    StoreDirection<TS, TV>(map, s0, c, slots, tangent, design.SlotValues);
                }
            ReduceAtom<TS, TV>(map.Length, i, atoms, block, design);
        }
    }

    // One small method per step (basic tangents, their push through alpha_index_times, the store of δB_a,
    // the per-atom reduction) keeps each kernel within the JIT's inlining budget and register allocation.

    /// <summary>Basic-moment tangents ∂m_n/∂r_c = f'_μ û_c P_p + f_μ (k_c P_{p−e_c} − ν P_p û_c)/ρ for the W slots from s0 (mtp-spec §5.1).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BasicTangents<TS, TV>(KernelTables t, NeighbourScratch sc, int s0, int c, double[] tangent)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, stride = sc.Stride;
        ref double f = ref MemoryMarshal.GetArrayDataReference(sc.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(sc.DF);
        ref double pm = ref MemoryMarshal.GetArrayDataReference(sc.P);
        ref double tg = ref MemoryMarshal.GetArrayDataReference(tangent);
        TV inv = TS.Load(ref sc.InvR[s0]);
        TV uc = TS.Load(ref (c == 0 ? sc.Ux : c == 1 ? sc.Uy : sc.Uz)[s0]);
        for (int n = 0; n < t.BasicCount; n++)
        {
            int mu = t.BasicMu[n], p = t.BasicMonomial[n];
            TV pv = TS.Load(ref Unsafe.Add(ref pm, p * stride + s0));
            TV pd = TS.Load(ref Unsafe.Add(ref pm, t.MonomialDerivative[3 * p + c] * stride + s0));
            TV angular = TS.Subtract(TS.Multiply(TS.Broadcast(t.MonomialExponent[3 * p + c]), pd),
                TS.Multiply(TS.Broadcast(t.MonomialDegree[p]), TS.Multiply(pv, uc)));
            TV value = TS.MultiplyAdd(TS.Multiply(TS.Load(ref Unsafe.Add(ref df, mu * stride + s0)), uc), pv,
                TS.Multiply(TS.Multiply(TS.Load(ref Unsafe.Add(ref f, mu * stride + s0)), angular), inv));
            TS.Store(value, ref Unsafe.Add(ref tg, n * W));
        }
    }

    /// <summary>Stores δB_a of the W directions (slots s0…, axis c) as one vector per basis function.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreDirection<TS, TV>(int[] map, int s0, int c, int slots, double[] tangent, double[] slotValues)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double tg = ref MemoryMarshal.GetArrayDataReference(tangent);
        ref double sv = ref MemoryMarshal.GetArrayDataReference(slotValues);
        for (int a = 0; a < map.Length; a++)
            TS.Store(TS.Load(ref Unsafe.Add(ref tg, map[a] * W)), ref Unsafe.Add(ref sv, (a * 3 + c) * slots + s0));
    }

    /// <summary>
    /// Atom i's share of the design: F^a_i += Σ_s δB_a(s), F^a_j −= δB_a(s) for the neighbour j of slot s,
    /// W^a_ck −= Σ_s δB_a(s) r_s,k (padding slots hold zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReduceAtom<TS, TV>(int basis, int i, int atoms, NeighbourBlock block, LinearDesign design)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, slots = block.SlotCount;
        ref double sv = ref MemoryMarshal.GetArrayDataReference(design.SlotValues);
        ref double x = ref MemoryMarshal.GetArrayDataReference(block.X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(block.Z);
        double[] forces = design.Forces;
        int[] slotAtom = design.SlotAtom;
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
                for (int s = 0; s < slots; s++)
                {
                    int j = slotAtom[s];
                    if (j >= 0) forces[column + 3 * j] -= Unsafe.Add(ref row, s);
                }
                int v = a * 9 + 3 * c;
                design.Virial[v] -= TS.Sum(wx);
                design.Virial[v + 1] -= TS.Sum(wy);
                design.Virial[v + 2] -= TS.Sum(wz);
            }
        }
    }

    /// <summary>Tangent contraction with fixed moments m (broadcast) and W tangent lanes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PushTangents<TS, TV>(KernelTables t, double[] m, double[] tangent)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double d = ref MemoryMarshal.GetArrayDataReference(tangent);
        Array.Clear(tangent, t.BasicCount * W, (t.MomentCount - t.BasicCount) * W);
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        for (int run = 0; run < runs.Length - 1; run++)
        {
            int k = tk[runs[run]] * W;
            TV acc = TS.Load(ref Unsafe.Add(ref d, k));
            for (int row = runs[run]; row < runs[run + 1]; row++)
            {
                double w = tw[row];
                TV wmj = TS.Broadcast(w * m[tj[row]]), wmi = TS.Broadcast(w * m[ti[row]]);
                acc = TS.MultiplyAdd(wmj, TS.Load(ref Unsafe.Add(ref d, ti[row] * W)), acc);
                acc = TS.MultiplyAdd(wmi, TS.Load(ref Unsafe.Add(ref d, tj[row] * W)), acc);
            }
            TS.Store(acc, ref Unsafe.Add(ref d, k));
        }
    }
}
