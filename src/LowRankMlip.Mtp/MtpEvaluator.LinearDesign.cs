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
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        Span<int> dirSlot = stackalloc int[W];
        Span<int> dirAxis = stackalloc int[W];
        for (int i = 0; i < atoms; i++)
        {
            PrepareAtom<TS, TV>(i, nl, ws, S, R);
            NeighbourKernels.AccumulateMoments<TS, TV>(block, sc, t, full);
            // Full moment vector of this atom (scalar contraction).
            full.AsSpan(Nb, Nm - Nb).Clear();
            for (int row = 0; row < ti.Length; row++) full[tk[row]] += tw[row] * full[ti[row]] * full[tj[row]];
            for (int a = 0; a < map.Length; a++) design.Energy[a] += full[map[a]];

            int directions = 3 * block.SlotCount;
            for (int d0 = 0; d0 < directions; d0 += W)
            {
                // Basic tangents ∂m_n/∂r_c at slot s: f'_μ û_c P_p + f_μ (k_c P_{p−e_c} − ν P_p û_c)/ρ.
                for (int l = 0; l < W; l++)
                {
                    int d = Math.Min(d0 + l, directions - 1);
                    dirSlot[l] = d / 3;
                    dirAxis[l] = d % 3;
                }
                for (int nIndex = 0; nIndex < Nb; nIndex++)
                {
                    int mu = t.BasicMu[nIndex], p = t.BasicMonomial[nIndex];
                    double nu = t.MonomialDegree[p];
                    for (int l = 0; l < W; l++)
                    {
                        int s = dirSlot[l], c = dirAxis[l];
                        double value = 0;
                        if (d0 + l < directions && block.Source[s] >= 0)
                        {
                            double u = c == 0 ? sc.Ux[s] : c == 1 ? sc.Uy[s] : sc.Uz[s];
                            double pv = sc.P[p * sc.Stride + s];
                            double kc = t.MonomialExponent[3 * p + c];
                            double deriv = kc == 0 ? 0 : kc * sc.P[t.MonomialDerivative[3 * p + c] * sc.Stride + s];
                            value = sc.DF[mu * sc.Stride + s] * u * pv + sc.F[mu * sc.Stride + s] * (deriv - nu * pv * u) * sc.InvR[s];
                        }
                        tangent[nIndex * W + l] = value;
                    }
                }
                PushTangents<TS, TV>(t, full, tangent);
                for (int l = 0; l < W && d0 + l < directions; l++)
                {
                    int s = dirSlot[l], c = dirAxis[l], src = block.Source[s];
                    if (src < 0) continue;
                    int j = nl.Indices[src];
                    double rx = block.X[s], ry = block.Y[s], rz = block.Z[s];
                    for (int a = 0; a < map.Length; a++)
                    {
                        double g = tangent[map[a] * W + l];
                        if (g == 0) continue;
                        int baseF = a * 3 * atoms;
                        design.Forces[baseF + 3 * i + c] += g;
                        design.Forces[baseF + 3 * j + c] -= g;
                        int baseW = a * 9 + 3 * c;
                        design.Virial[baseW] -= g * rx;
                        design.Virial[baseW + 1] -= g * ry;
                        design.Virial[baseW + 2] -= g * rz;
                    }
                }
            }
        }
    }

    /// <summary>Tangent contraction with fixed moments m (broadcast) and W tangent lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
