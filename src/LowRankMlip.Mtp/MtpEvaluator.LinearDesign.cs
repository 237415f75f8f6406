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
    /// Per-atom vector accumulators (basis × 12 × lanes): the centre atom's force (3) and the virial (9) of
    /// every basis function summed over the neighbour blocks in the lanes, reduced once per atom instead of
    /// once per block and direction.
    /// </summary>
    internal double[] LaneAccumulators = [];

    internal void EnsureLaneAccumulators(int basis, int lanes)
    {
        if (LaneAccumulators.Length < basis * 12 * lanes) LaneAccumulators = new double[basis * 12 * lanes];
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
        design.EnsureLaneAccumulators(map.Length, W);
        for (int i = 0; i < atoms; i++)
        {
            Array.Clear(design.LaneAccumulators, 0, map.Length * 12 * W);
            PrepareAtom<TS, TV>(i, nl, ws, S, R);
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
                    ScatterDirection<TS, TV>(map, block, nl, s0, c, atoms, tangent, design);
                }
            ReduceLaneAccumulators<TS, TV>(map.Length, i, atoms, design);
        }
    }

    // The per-direction steps are separate, non-inlined methods: inlined into one large method they exhaust
    // the JIT's inlining budget, after which even the ISimd operations stay calls (seen with callgrind:
    // half the instructions were call overhead of Lane256.Load/MultiplyAdd).

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

    /// <summary>
    /// δB_a of the W directions (slots s0…, axis c): the centre atom's force and the virial go to the lane
    /// accumulators, each neighbour's −δB_a to its own force column.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ScatterDirection<TS, TV>(int[] map, NeighbourBlock block, NeighborList nl, int s0, int c, int atoms,
        double[] tangent, LinearDesign design)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double tg = ref MemoryMarshal.GetArrayDataReference(tangent);
        ref double acc = ref MemoryMarshal.GetArrayDataReference(design.LaneAccumulators);
        double[] forces = design.Forces;
        int[] indices = nl.Indices;
        Span<double> lanes = stackalloc double[W];
        TV rx = TS.Load(ref block.X[s0]), ry = TS.Load(ref block.Y[s0]), rz = TS.Load(ref block.Z[s0]);
        for (int a = 0; a < map.Length; a++)
        {
            TV g = TS.Load(ref Unsafe.Add(ref tg, map[a] * W));
            // Lane accumulators of basis function a: [0..3) centre force, [3..12) virial row-major.
            ref double own = ref Unsafe.Add(ref acc, a * 12 * W);
            ref double centre = ref Unsafe.Add(ref own, c * W);
            TS.Store(TS.Add(TS.Load(ref centre), g), ref centre);
            ref double vx = ref Unsafe.Add(ref own, (3 + 3 * c) * W);
            ref double vy = ref Unsafe.Add(ref vx, W);
            ref double vz = ref Unsafe.Add(ref vx, 2 * W);
            TS.Store(TS.MultiplyAdd(g, rx, TS.Load(ref vx)), ref vx);
            TS.Store(TS.MultiplyAdd(g, ry, TS.Load(ref vy)), ref vy);
            TS.Store(TS.MultiplyAdd(g, rz, TS.Load(ref vz)), ref vz);
            TS.Store(g, ref MemoryMarshal.GetReference(lanes));
            int baseF = a * 3 * atoms + c;
            for (int l = 0; l < W; l++)
            {
                int src = block.Source[s0 + l];
                if (src >= 0) forces[baseF + 3 * indices[src]] -= lanes[l];
            }
        }
    }

    /// <summary>Reduces atom i's lane accumulators: F^a_i += Σ δB_a, W^a −= Σ δB_a ⊗ r.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReduceLaneAccumulators<TS, TV>(int basis, int i, int atoms, LinearDesign design)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double acc = ref MemoryMarshal.GetArrayDataReference(design.LaneAccumulators);
        for (int a = 0; a < basis; a++)
        {
            ref double own = ref Unsafe.Add(ref acc, a * 12 * W);
            int baseF = a * 3 * atoms + 3 * i;
            for (int c = 0; c < 3; c++) design.Forces[baseF + c] += TS.Sum(TS.Load(ref Unsafe.Add(ref own, c * W)));
            for (int ab = 0; ab < 9; ab++) design.Virial[a * 9 + ab] -= TS.Sum(TS.Load(ref Unsafe.Add(ref own, (3 + ab) * W)));
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
