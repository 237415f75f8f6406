using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Parameter gradients of S_i = α·E_i + D_i, D_i = Σ_j u_ij·∂E_i/∂r_ij (mtp-spec §5.5), by
/// forward-over-reverse per neighbourhood: D_i is the derivative of E_i along the displacement field
/// u (r_ij → r_ij + ε u_ij), so every moment carries a tangent δm; the contraction runs with tangents,
/// its reverse sweep yields Ām = ∂S/∂m and Āδ = ∂S/∂δm, and the radial coefficients get
/// <code>
/// ∂S/∂c[t_i][b][μ][β] = s Σ_{j: t_j = b} [ Q_β(ρ_j) G_j^μ + Q'_β(ρ_j) H_j^μ ]
/// G_j^μ = Σ_{n: μ_n = μ} Ām_n P_n(û_j) + Āδ_n DP_n(j),   H_j^μ = (û_j·u_j) Σ_{n: μ_n = μ} Āδ_n P_n(û_j)
/// DP_p(j) = ∇_r P_p · u_j = (Σ_a k_a P_{p−e_a} u_a − ν_p P_p (û·u)) / ρ
/// δm_n = Σ_j f'_μ (û·u) P_n + f_μ DP_n
/// </code>
/// All loops run over SoA neighbour slots like the evaluator's kernels (padding slots carry u = 0 and
/// vanishing basis values).
/// </summary>
internal static class GradientKernels
{
    /// <summary>u_ij = λ_i − λ_j − μ·r_ij per slot (0 for padding) and w_j = û_j·u_j.</summary>
    public static void Displacements(NeighbourBlock block, NeighbourScratch scratch, NeighborList nl, int atom,
        ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu9)
    {
        var u = scratch.TangentBuffers();
        for (int s = 0; s < block.SlotCount; s++)
        {
            int src = block.Source[s];
            if (src < 0) { u.X[s] = u.Y[s] = u.Z[s] = u.W[s] = 0; continue; }
            int j = nl.Indices[src];
            double x = block.X[s], y = block.Y[s], z = block.Z[s];
            double ux = lambda[3 * atom] - lambda[3 * j] - (mu9[0] * x + mu9[1] * y + mu9[2] * z);
            double uy = lambda[3 * atom + 1] - lambda[3 * j + 1] - (mu9[3] * x + mu9[4] * y + mu9[5] * z);
            double uz = lambda[3 * atom + 2] - lambda[3 * j + 2] - (mu9[6] * x + mu9[7] * y + mu9[8] * z);
            u.X[s] = ux; u.Y[s] = uy; u.Z[s] = uz;
            u.W[s] = scratch.Ux[s] * ux + scratch.Uy[s] * uy + scratch.Uz[s] * uz;
        }
    }

    /// <summary>Directional monomial derivatives DP_p for the used monomials, f'·w, then m_n and δm_n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MomentsWithTangents<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables t,
        Span<double> moments, Span<double> tangents)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, stride = scratch.Stride, slots = block.SlotCount, K = t.RadialFunctionCount;
        var u = scratch.Tangent;
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        ref double dp = ref MemoryMarshal.GetArrayDataReference(scratch.DP);
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double fw = ref MemoryMarshal.GetArrayDataReference(scratch.FW);
        for (int s = 0; s < slots; s += W)
        {
            TV inv = TS.Load(ref scratch.InvR[s]);
            TV ux = TS.Load(ref u.X[s]), uy = TS.Load(ref u.Y[s]), uz = TS.Load(ref u.Z[s]), w = TS.Load(ref u.W[s]);
            for (int k = 0; k < t.UsedMonomials.Length; k++)
            {
                int m = t.UsedMonomials[k];
                TV sum = TS.Multiply(TS.Multiply(TS.Broadcast(t.UsedExponent[3 * k]), TS.Load(ref Unsafe.Add(ref p, t.UsedDerivative[3 * k] * stride + s))), ux);
                sum = TS.MultiplyAdd(TS.Multiply(TS.Broadcast(t.UsedExponent[3 * k + 1]), TS.Load(ref Unsafe.Add(ref p, t.UsedDerivative[3 * k + 1] * stride + s))), uy, sum);
                sum = TS.MultiplyAdd(TS.Multiply(TS.Broadcast(t.UsedExponent[3 * k + 2]), TS.Load(ref Unsafe.Add(ref p, t.UsedDerivative[3 * k + 2] * stride + s))), uz, sum);
                TV radial = TS.Multiply(TS.Multiply(TS.Broadcast(t.UsedDegree[k]), TS.Load(ref Unsafe.Add(ref p, m * stride + s))), w);
                TS.Store(TS.Multiply(TS.Subtract(sum, radial), inv), ref Unsafe.Add(ref dp, m * stride + s));
            }
            for (int mu = 0; mu < K; mu++)
                TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref df, mu * stride + s)), w), ref Unsafe.Add(ref fw, mu * stride + s));
        }
        int[] bmu = t.BasicMu, mono = t.BasicMonomial;
        for (int n = 0; n < t.BasicCount; n++)
        {
            int fr = bmu[n] * stride, pr = mono[n] * stride;
            TV acc = TS.Zero, dacc = TS.Zero;
            for (int s = 0; s < slots; s += W)
            {
                TV pv = TS.Load(ref Unsafe.Add(ref p, pr + s));
                acc = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f, fr + s)), pv, acc);
                dacc = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref fw, fr + s)), pv, dacc);
                dacc = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f, fr + s)), TS.Load(ref Unsafe.Add(ref dp, pr + s)), dacc);
            }
            moments[n] = TS.Sum(acc);
            tangents[n] = TS.Sum(dacc);
        }
    }

    /// <summary>Adds ∂S_i/∂c[t_i][b][μ][β] (unscaled coefficients; factor s applied) for every neighbour species group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RadialGradient<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables t,
        ReadOnlySpan<double> adjointM, ReadOnlySpan<double> adjointD, int centreSpecies, int speciesCount, int basisSize,
        double scaling, Span<double> radialGradient)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, stride = scratch.Stride, K = t.RadialFunctionCount;
        var u = scratch.Tangent;
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        ref double dp = ref MemoryMarshal.GetArrayDataReference(scratch.DP);
        ref double q = ref MemoryMarshal.GetArrayDataReference(scratch.Q);
        ref double dq = ref MemoryMarshal.GetArrayDataReference(scratch.DQ);
        Span<TV> accQ = stackalloc TV[NeighbourKernels.MaxRadialBasisSize];
        Span<TV> accD = stackalloc TV[NeighbourKernels.MaxRadialBasisSize];
        int[] offsets = t.MuOffsets, members = t.MuMembers, memberMono = t.MuMemberMonomial;
        for (int g = 0; g < block.GroupCount; g++)
        {
            int pair = centreSpecies * speciesCount + block.GroupSpecies[g];
            for (int mu = 0; mu < K; mu++)
            {
                accQ[..basisSize].Clear();
                accD[..basisSize].Clear();
                for (int s = block.GroupStart[g]; s < block.GroupStart[g + 1]; s += W)
                {
                    TV gq = TS.Zero, h = TS.Zero;
                    for (int k = offsets[mu]; k < offsets[mu + 1]; k++)
                    {
                        int n = members[k], pr = memberMono[k] * stride + s;
                        TV pv = TS.Load(ref Unsafe.Add(ref p, pr));
                        TV ad = TS.Broadcast(adjointD[n]);
                        gq = TS.MultiplyAdd(TS.Broadcast(adjointM[n]), pv, gq);
                        gq = TS.MultiplyAdd(ad, TS.Load(ref Unsafe.Add(ref dp, pr)), gq);
                        h = TS.MultiplyAdd(ad, pv, h);
                    }
                    h = TS.Multiply(h, TS.Load(ref u.W[s]));
                    for (int b = 0; b < basisSize; b++)
                    {
                        accQ[b] = TS.MultiplyAdd(gq, TS.Load(ref Unsafe.Add(ref q, b * stride + s)), accQ[b]);
                        accD[b] = TS.MultiplyAdd(h, TS.Load(ref Unsafe.Add(ref dq, b * stride + s)), accD[b]);
                    }
                }
                int baseIndex = (pair * K + mu) * basisSize;
                for (int b = 0; b < basisSize; b++)
                    radialGradient[baseIndex + b] += scaling * (TS.Sum(accQ[b]) + TS.Sum(accD[b]));
            }
        }
    }
}
