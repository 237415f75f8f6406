using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Per-atom neighbour kernels over a <see cref="NeighbourBlock"/>, written once for every width:
/// <list type="number">
/// <item><see cref="Prepare{TS,TV}"/>: distances, unit vectors, radial functions f_μ, f'_μ of the
///   species pair (mtp-spec §3.3) and all monomials P_p(û) (§4.1), stored SoA by slot.</item>
/// <item><see cref="AccumulateMoments{TS,TV}"/>: basic moments m_n = Σ_j f_{μn}(ρ_j) P_{pn}(û_j) (§4.1).</item>
/// <item><see cref="Backward{TS,TV}"/>: given A[n] = ∂E_i/∂m_n, the gradient ∂E_i/∂r_ij per slot (§5.1–5.2):
///   with a_p = Σ_{n∈p} A[n] f_{μn}, a'_p likewise with f',
///   ∂E_i/∂r_ij = û Σ_p (a'_p − ν_p a_p/ρ) P_p + (1/ρ) Σ_p a_p ∇_û P_p
///   (∇_û P is the gradient in the unit vector; Euler's identity û·∇P = νP gives the radial term).</item>
/// </list>
/// </summary>
internal sealed class NeighbourScratch
{
    public double[] InvR = [], Ux = [], Uy = [], Uz = [];
    public double[] F = [], DF = [];
    public double[] P = [];
    public double[] Gx = [], Gy = [], Gz = [];
    /// <summary>Basis values Q_β and derivatives Q'_β (scaling not applied), R rows of Stride.</summary>
    public double[] Q = [], DQ = [];
    /// <summary>Prepare's per-slot τ(r) and (RBChebyshev_repuls) derivative mask.</summary>
    public double[] Tau = [], Mask = [];
    public int Stride;
    private double[] _memberAdjoint = [];

    public double[] MemberAdjoint(int count)
    {
        if (_memberAdjoint.Length < count) _memberAdjoint = new double[count];
        return _memberAdjoint;
    }

    public void EnsureCapacity(int slots, int funcCount, int monomialCount)
    {
        if (Stride >= slots && F.Length >= funcCount * Stride && P.Length >= monomialCount * Stride) return;
        Stride = Math.Max(slots, 2 * Stride);
        InvR = new double[Stride]; Ux = new double[Stride]; Uy = new double[Stride]; Uz = new double[Stride];
        Gx = new double[Stride]; Gy = new double[Stride]; Gz = new double[Stride];
        Tau = new double[Stride]; Mask = new double[Stride];
        F = new double[funcCount * Stride]; DF = new double[funcCount * Stride];
        P = new double[monomialCount * Stride];
        Q = DQ = DP = FW = [];
        Tangent.X = Tangent.Y = Tangent.Z = Tangent.W = [];
    }

    public void EnsureBasisCapacity(int basisSize)
    {
        if (Q.Length < basisSize * Stride) { Q = new double[basisSize * Stride]; DQ = new double[basisSize * Stride]; }
    }

    /// <summary>Displacement field u_ij and w = û·u per slot, for the gradient pass.</summary>
    public sealed class TangentField
    {
        public double[] X = [], Y = [], Z = [], W = [];
    }

    public TangentField Tangent { get; } = new();
    /// <summary>Directional monomial derivatives (monomials × Stride) and f'·(û·u) (K × Stride).</summary>
    public double[] DP = [], FW = [];

    public TangentField TangentBuffers()
    {
        if (Tangent.X.Length < Stride)
        {
            Tangent.X = new double[Stride]; Tangent.Y = new double[Stride]; Tangent.Z = new double[Stride]; Tangent.W = new double[Stride];
        }
        return Tangent;
    }

    public void EnsureTangentCapacity(int funcCount, int monomialCount)
    {
        if (DP.Length < monomialCount * Stride) DP = new double[monomialCount * Stride];
        if (FW.Length < funcCount * Stride) FW = new double[funcCount * Stride];
    }
}

internal static class NeighbourKernels
{
    public const int MaxRadialBasisSize = 64;

    /// <summary>ρ = |r_ij| of the W slots from <paramref name="s"/>; stores 1/ρ and û = r_ij/ρ into the scratch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Geometry<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, int s)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        TV vx = TS.Load(ref block.X[s]);
        TV vy = TS.Load(ref block.Y[s]);
        TV vz = TS.Load(ref block.Z[s]);
        TV r = TS.Sqrt(TS.MultiplyAdd(vx, vx, TS.MultiplyAdd(vy, vy, TS.Multiply(vz, vz))));
        TV inv = TS.Divide(TS.Broadcast(1.0), r);
        TS.Store(inv, ref scratch.InvR[s]);
        TS.Store(TS.Multiply(vx, inv), ref scratch.Ux[s]);
        TS.Store(TS.Multiply(vy, inv), ref scratch.Uy[s]);
        TS.Store(TS.Multiply(vz, inv), ref scratch.Uz[s]);
        return r;
    }

    /// <summary>Stage 1: geometry, radial functions and monomials for every slot of the block.</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Prepare<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables tables,
        double[] scaledCoeffs, int centreSpecies, int speciesCount, int basisSize, in RadialConstants rc, bool repulsive)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        // Each step runs over all slot vectors before the next one starts: the Chebyshev recursion and the
        // monomial products are dependency chains per slot, and independent slots side by side keep the
        // FMA units busy (one slot vector at a time was latency bound). Per element the operations and their
        // order are those of RadialBasis.RadialFunctions, so the values are identical.
        scratch.EnsureBasisCapacity(Math.Max(2, basisSize)); // rows 0 and 1 are always written
        int W = TS.Count;
        int K = tables.RadialFunctionCount;
        int stride = scratch.Stride;
        int slots = block.SlotCount;
        ref double ux = ref MemoryMarshal.GetArrayDataReference(scratch.Ux);
        ref double uy = ref MemoryMarshal.GetArrayDataReference(scratch.Uy);
        ref double uz = ref MemoryMarshal.GetArrayDataReference(scratch.Uz);
        ref double tau = ref MemoryMarshal.GetArrayDataReference(scratch.Tau);
        ref double mask = ref MemoryMarshal.GetArrayDataReference(scratch.Mask);
        ref double q = ref MemoryMarshal.GetArrayDataReference(scratch.Q);
        ref double dq = ref MemoryMarshal.GetArrayDataReference(scratch.DQ);
        TV one = TS.Broadcast(1.0), two = TS.Broadcast(2.0), zero = TS.Zero;
        TV m = TS.Broadcast(rc.Slope), offset = TS.Broadcast(rc.Offset), maxDist = TS.Broadcast(rc.MaxDist), minDist = TS.Broadcast(rc.MinDist);

        // Geometry and the first two basis functions (mtp-spec §3.1).
        for (int s = 0; s < slots; s += W)
        {
            TV r = Geometry<TS, TV>(block, scratch, s);
            TV rEff = repulsive ? TS.Max(r, minDist) : r;
            TV t = TS.MultiplyAdd(rEff, m, offset);
            TV d = TS.Subtract(rEff, maxDist);
            TV d2 = TS.Multiply(d, d);
            TS.Store(t, ref Unsafe.Add(ref tau, s));
            TS.Store(d2, ref Unsafe.Add(ref q, s));
            TS.Store(TS.Multiply(two, d), ref Unsafe.Add(ref dq, s));
            TS.Store(TS.Multiply(t, d2), ref Unsafe.Add(ref q, stride + s));
            TS.Store(TS.MultiplyAdd(m, d2, TS.Multiply(TS.Multiply(two, t), d)), ref Unsafe.Add(ref dq, stride + s));
            // RBChebyshev_repuls: the basis is constant below min_dist, so its derivative is zero there.
            if (repulsive) TS.Store(TS.SelectLess(minDist, r, one, zero), ref Unsafe.Add(ref mask, s));
        }
        // Q_k = 2τ Q_{k−1} − Q_{k−2},  Q_k' = 2 (m Q_{k−1} + τ Q'_{k−1}) − Q'_{k−2}.
        for (int b = 2; b < basisSize; b++)
        {
            ref double q1 = ref Unsafe.Add(ref q, (b - 1) * stride), q2 = ref Unsafe.Add(ref q, (b - 2) * stride), qb = ref Unsafe.Add(ref q, b * stride);
            ref double d1 = ref Unsafe.Add(ref dq, (b - 1) * stride), d2 = ref Unsafe.Add(ref dq, (b - 2) * stride), db = ref Unsafe.Add(ref dq, b * stride);
            for (int s = 0; s < slots; s += W)
            {
                TV t = TS.Load(ref Unsafe.Add(ref tau, s));
                TV previous = TS.Load(ref Unsafe.Add(ref q1, s));
                TS.Store(TS.Subtract(TS.Multiply(TS.Multiply(two, t), previous), TS.Load(ref Unsafe.Add(ref q2, s))), ref Unsafe.Add(ref qb, s));
                TS.Store(TS.Subtract(TS.Multiply(two, TS.MultiplyAdd(m, previous, TS.Multiply(t, TS.Load(ref Unsafe.Add(ref d1, s))))),
                    TS.Load(ref Unsafe.Add(ref d2, s))), ref Unsafe.Add(ref db, s));
            }
        }
        if (repulsive)
            for (int b = 0; b < basisSize; b++)
                for (int s = 0; s < slots; s += W)
                {
                    ref double v = ref Unsafe.Add(ref dq, b * stride + s);
                    TS.Store(TS.Multiply(TS.Load(ref v), TS.Load(ref Unsafe.Add(ref mask, s))), ref v);
                }

        // f_μ = Σ_β c[pair][μ][β] Q_β and f'_μ, with the coefficients of each neighbour species group.
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double coeffBase = ref MemoryMarshal.GetArrayDataReference(scaledCoeffs);
        for (int g = 0; g < block.GroupCount; g++)
        {
            int pair = centreSpecies * speciesCount + block.GroupSpecies[g];
            ref double coeffs = ref Unsafe.Add(ref coeffBase, pair * K * basisSize);
            for (int mu = 0; mu < K; mu++)
            {
                ref double c = ref Unsafe.Add(ref coeffs, mu * basisSize);
                for (int s = block.GroupStart[g]; s < block.GroupStart[g + 1]; s += W)
                {
                    TV acc = zero, dacc = zero;
                    for (int b = 0; b < basisSize; b++)
                    {
                        TV cb = TS.Broadcast(Unsafe.Add(ref c, b));
                        acc = TS.MultiplyAdd(cb, TS.Load(ref Unsafe.Add(ref q, b * stride + s)), acc);
                        dacc = TS.MultiplyAdd(cb, TS.Load(ref Unsafe.Add(ref dq, b * stride + s)), dacc);
                    }
                    TS.Store(acc, ref Unsafe.Add(ref f, mu * stride + s));
                    TS.Store(dacc, ref Unsafe.Add(ref df, mu * stride + s));
                }
            }
        }

        // Monomials: P_0 = 1, P_p = P_parent · û_axis (KernelTables orders parents first).
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        for (int s = 0; s < slots; s += W) TS.Store(one, ref Unsafe.Add(ref p, s));
        int[] parent = tables.MonomialParent, axis = tables.MonomialAxis;
        for (int mm = 1; mm < tables.MonomialCount; mm++)
        {
            ref double from = ref Unsafe.Add(ref p, parent[mm] * stride);
            ref double into = ref Unsafe.Add(ref p, mm * stride);
            ref double component = ref axis[mm] == 0 ? ref ux : ref axis[mm] == 1 ? ref uy : ref uz;
            for (int s = 0; s < slots; s += W)
                TS.Store(TS.Multiply(TS.Load(ref Unsafe.Add(ref from, s)), TS.Load(ref Unsafe.Add(ref component, s))), ref Unsafe.Add(ref into, s));
        }
    }

    /// <summary>Stage 2: basic moments m_n = Σ_slots f_{μn} · P_{pn}; padding slots contribute zero.</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateMoments<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables tables, Span<double> moments)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int stride = scratch.Stride;
        int slots = block.SlotCount;
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        int[] mu = tables.BasicMu, mono = tables.BasicMonomial;
        int count = tables.BasicCount;
        int n = 0;
        // Four moments per pass: four independent FMA chains instead of one latency-bound chain.
        for (; n + 4 <= count; n += 4)
        {
            ref double f0 = ref Unsafe.Add(ref f, mu[n] * stride), p0 = ref Unsafe.Add(ref p, mono[n] * stride);
            ref double f1 = ref Unsafe.Add(ref f, mu[n + 1] * stride), p1 = ref Unsafe.Add(ref p, mono[n + 1] * stride);
            ref double f2 = ref Unsafe.Add(ref f, mu[n + 2] * stride), p2 = ref Unsafe.Add(ref p, mono[n + 2] * stride);
            ref double f3 = ref Unsafe.Add(ref f, mu[n + 3] * stride), p3 = ref Unsafe.Add(ref p, mono[n + 3] * stride);
            TV acc0 = TS.Zero, acc1 = TS.Zero, acc2 = TS.Zero, acc3 = TS.Zero;
            for (int s = 0; s < slots; s += W)
            {
                acc0 = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f0, s)), TS.Load(ref Unsafe.Add(ref p0, s)), acc0);
                acc1 = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f1, s)), TS.Load(ref Unsafe.Add(ref p1, s)), acc1);
                acc2 = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f2, s)), TS.Load(ref Unsafe.Add(ref p2, s)), acc2);
                acc3 = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref f3, s)), TS.Load(ref Unsafe.Add(ref p3, s)), acc3);
            }
            moments[n] = TS.Sum(acc0);
            moments[n + 1] = TS.Sum(acc1);
            moments[n + 2] = TS.Sum(acc2);
            moments[n + 3] = TS.Sum(acc3);
        }
        for (; n < count; n++)
        {
            ref double fr = ref Unsafe.Add(ref f, mu[n] * stride);
            ref double pr = ref Unsafe.Add(ref p, mono[n] * stride);
            TV acc = TS.Zero;
            for (int s = 0; s < slots; s += W)
                acc = TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref fr, s)), TS.Load(ref Unsafe.Add(ref pr, s)), acc);
            moments[n] = TS.Sum(acc);
        }
    }

    /// <summary>Stage 3: ∂E_i/∂r_ij per slot into scratch.Gx/Gy/Gz, from the adjoints A[n] of the basic moments.</summary>
    /// <remarks>
    /// Two vectors of slots per pass share every table load and broadcast; the derivative terms are
    /// branch-free (a zero exponent multiplies P_0 = 1 by 0). 2026-11-25, AMD EPYC AVX-512, level 16:
    /// 4.4 → see results/bench for the current figure.
    /// </remarks>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables tables, ReadOnlySpan<double> adjoint)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int stride = scratch.Stride;
        int slots = block.SlotCount;
        // Adjoints in member order, so the inner loop reads them sequentially.
        var memberAdjoint = scratch.MemberAdjoint(tables.BasicCount);
        int[] members = tables.UsedMonomialMembers;
        for (int k = 0; k < members.Length; k++) memberAdjoint[k] = adjoint[members[k]];

        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        ref double adj = ref MemoryMarshal.GetArrayDataReference(memberAdjoint);
        ref int memberMu = ref MemoryMarshal.GetArrayDataReference(tables.MemberMu);
        ref int used = ref MemoryMarshal.GetArrayDataReference(tables.UsedMonomials);
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(tables.UsedMonomialOffsets);
        ref double degree = ref MemoryMarshal.GetArrayDataReference(tables.UsedDegree);
        ref double exponent = ref MemoryMarshal.GetArrayDataReference(tables.UsedExponent);
        ref int deriv = ref MemoryMarshal.GetArrayDataReference(tables.UsedDerivative);
        int usedCount = tables.UsedMonomials.Length;

        int s = 0;
        for (; s + 2 * W <= slots; s += 2 * W)
        {
            int s1 = s + W;
            TV inv0 = TS.Load(ref scratch.InvR[s]), inv1 = TS.Load(ref scratch.InvR[s1]);
            TV rad0 = TS.Zero, gx0 = TS.Zero, gy0 = TS.Zero, gz0 = TS.Zero;
            TV rad1 = TS.Zero, gx1 = TS.Zero, gy1 = TS.Zero, gz1 = TS.Zero;
            for (int u = 0; u < usedCount; u++)
            {
                TV a0 = TS.Zero, ad0 = TS.Zero, a1 = TS.Zero, ad1 = TS.Zero;
                int end = Unsafe.Add(ref offsets, u + 1);
                for (int k = Unsafe.Add(ref offsets, u); k < end; k++)
                {
                    TV c = TS.Broadcast(Unsafe.Add(ref adj, k));
                    int row = Unsafe.Add(ref memberMu, k) * stride;
                    a0 = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref f, row + s)), a0);
                    ad0 = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref df, row + s)), ad0);
                    a1 = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref f, row + s1)), a1);
                    ad1 = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref df, row + s1)), ad1);
                }
                int pm = Unsafe.Add(ref used, u) * stride;
                TV nu = TS.Broadcast(Unsafe.Add(ref degree, u));
                // (a' − ν a/ρ) P
                rad0 = TS.MultiplyAdd(TS.Subtract(ad0, TS.Multiply(nu, TS.Multiply(a0, inv0))), TS.Load(ref Unsafe.Add(ref p, pm + s)), rad0);
                rad1 = TS.MultiplyAdd(TS.Subtract(ad1, TS.Multiply(nu, TS.Multiply(a1, inv1))), TS.Load(ref Unsafe.Add(ref p, pm + s1)), rad1);
                // a ∇_û P: k_a · P_{p − e_a}
                TV kx = TS.Broadcast(Unsafe.Add(ref exponent, 3 * u));
                TV ky = TS.Broadcast(Unsafe.Add(ref exponent, 3 * u + 1));
                TV kz = TS.Broadcast(Unsafe.Add(ref exponent, 3 * u + 2));
                int dx = Unsafe.Add(ref deriv, 3 * u) * stride, dy = Unsafe.Add(ref deriv, 3 * u + 1) * stride, dz = Unsafe.Add(ref deriv, 3 * u + 2) * stride;
                gx0 = TS.MultiplyAdd(TS.Multiply(a0, kx), TS.Load(ref Unsafe.Add(ref p, dx + s)), gx0);
                gy0 = TS.MultiplyAdd(TS.Multiply(a0, ky), TS.Load(ref Unsafe.Add(ref p, dy + s)), gy0);
                gz0 = TS.MultiplyAdd(TS.Multiply(a0, kz), TS.Load(ref Unsafe.Add(ref p, dz + s)), gz0);
                gx1 = TS.MultiplyAdd(TS.Multiply(a1, kx), TS.Load(ref Unsafe.Add(ref p, dx + s1)), gx1);
                gy1 = TS.MultiplyAdd(TS.Multiply(a1, ky), TS.Load(ref Unsafe.Add(ref p, dy + s1)), gy1);
                gz1 = TS.MultiplyAdd(TS.Multiply(a1, kz), TS.Load(ref Unsafe.Add(ref p, dz + s1)), gz1);
            }
            StoreGradient<TS, TV>(scratch, s, inv0, rad0, gx0, gy0, gz0);
            StoreGradient<TS, TV>(scratch, s1, inv1, rad1, gx1, gy1, gz1);
        }
        for (; s < slots; s += W)
        {
            TV inv = TS.Load(ref scratch.InvR[s]);
            TV rad = TS.Zero, gx = TS.Zero, gy = TS.Zero, gz = TS.Zero;
            for (int u = 0; u < usedCount; u++)
            {
                TV a = TS.Zero, ad = TS.Zero;
                int end = Unsafe.Add(ref offsets, u + 1);
                for (int k = Unsafe.Add(ref offsets, u); k < end; k++)
                {
                    TV c = TS.Broadcast(Unsafe.Add(ref adj, k));
                    int row = Unsafe.Add(ref memberMu, k) * stride + s;
                    a = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref f, row)), a);
                    ad = TS.MultiplyAdd(c, TS.Load(ref Unsafe.Add(ref df, row)), ad);
                }
                int pm = Unsafe.Add(ref used, u) * stride;
                TV nu = TS.Broadcast(Unsafe.Add(ref degree, u));
                rad = TS.MultiplyAdd(TS.Subtract(ad, TS.Multiply(nu, TS.Multiply(a, inv))), TS.Load(ref Unsafe.Add(ref p, pm + s)), rad);
                gx = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(Unsafe.Add(ref exponent, 3 * u))), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref deriv, 3 * u) * stride + s)), gx);
                gy = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(Unsafe.Add(ref exponent, 3 * u + 1))), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref deriv, 3 * u + 1) * stride + s)), gy);
                gz = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(Unsafe.Add(ref exponent, 3 * u + 2))), TS.Load(ref Unsafe.Add(ref p, Unsafe.Add(ref deriv, 3 * u + 2) * stride + s)), gz);
            }
            StoreGradient<TS, TV>(scratch, s, inv, rad, gx, gy, gz);
        }
    }

    /// <summary>∂E_i/∂r_ij = û · radial + (1/ρ) · (gx, gy, gz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGradient<TS, TV>(NeighbourScratch scratch, int s, TV inv, TV radial, TV gx, TV gy, TV gz)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Ux[s]), radial, TS.Multiply(inv, gx)), ref scratch.Gx[s]);
        TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Uy[s]), radial, TS.Multiply(inv, gy)), ref scratch.Gy[s]);
        TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Uz[s]), radial, TS.Multiply(inv, gz)), ref scratch.Gz[s]);
    }
}
