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
    public int Stride;

    public void EnsureCapacity(int slots, int funcCount, int monomialCount)
    {
        if (Stride >= slots && F.Length >= funcCount * Stride && P.Length >= monomialCount * Stride) return;
        Stride = Math.Max(slots, 2 * Stride);
        InvR = new double[Stride]; Ux = new double[Stride]; Uy = new double[Stride]; Uz = new double[Stride];
        Gx = new double[Stride]; Gy = new double[Stride]; Gz = new double[Stride];
        F = new double[funcCount * Stride]; DF = new double[funcCount * Stride];
        P = new double[monomialCount * Stride];
    }
}

internal static class NeighbourKernels
{
    public const int MaxRadialBasisSize = 64;

    /// <summary>Stage 1: geometry, radial functions and monomials for every slot of the block.</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Prepare<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables tables,
        double[] scaledCoeffs, int centreSpecies, int speciesCount, int basisSize, in RadialConstants rc, bool repulsive)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int K = tables.RadialFunctionCount;
        int stride = scratch.Stride;
        Span<TV> q = stackalloc TV[MaxRadialBasisSize];
        Span<TV> dq = stackalloc TV[MaxRadialBasisSize];
        ref double x = ref MemoryMarshal.GetArrayDataReference(block.X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(block.Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(block.Z);
        ref double invR = ref MemoryMarshal.GetArrayDataReference(scratch.InvR);
        ref double ux = ref MemoryMarshal.GetArrayDataReference(scratch.Ux);
        ref double uy = ref MemoryMarshal.GetArrayDataReference(scratch.Uy);
        ref double uz = ref MemoryMarshal.GetArrayDataReference(scratch.Uz);
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        ref double coeffBase = ref MemoryMarshal.GetArrayDataReference(scaledCoeffs);
        int monomials = tables.MonomialCount;
        int[] parent = tables.MonomialParent, axis = tables.MonomialAxis;
        TV one = TS.Broadcast(1.0);

        for (int g = 0; g < block.GroupCount; g++)
        {
            int pair = centreSpecies * speciesCount + block.GroupSpecies[g];
            ref double coeffs = ref Unsafe.Add(ref coeffBase, pair * K * basisSize);
            for (int s = block.GroupStart[g]; s < block.GroupStart[g + 1]; s += W)
            {
                TV vx = TS.Load(ref Unsafe.Add(ref x, s));
                TV vy = TS.Load(ref Unsafe.Add(ref y, s));
                TV vz = TS.Load(ref Unsafe.Add(ref z, s));
                TV r = TS.Sqrt(TS.MultiplyAdd(vx, vx, TS.MultiplyAdd(vy, vy, TS.Multiply(vz, vz))));
                TV inv = TS.Divide(one, r);
                TV ex = TS.Multiply(vx, inv), ey = TS.Multiply(vy, inv), ez = TS.Multiply(vz, inv);
                TS.Store(inv, ref Unsafe.Add(ref invR, s));
                TS.Store(ex, ref Unsafe.Add(ref ux, s));
                TS.Store(ey, ref Unsafe.Add(ref uy, s));
                TS.Store(ez, ref Unsafe.Add(ref uz, s));
                RadialBasis.RadialFunctions<TS, TV>(r, rc, repulsive, ref coeffs, K, basisSize, ref f, ref df, stride, s, q, dq);

                // Monomials: P_0 = 1, P_p = P_parent · û_axis (KernelTables orders parents first).
                TS.Store(one, ref Unsafe.Add(ref p, s));
                for (int m = 1; m < monomials; m++)
                {
                    TV parentValue = TS.Load(ref Unsafe.Add(ref p, parent[m] * stride + s));
                    TV component = axis[m] == 0 ? ex : axis[m] == 1 ? ey : ez;
                    TS.Store(TS.Multiply(parentValue, component), ref Unsafe.Add(ref p, m * stride + s));
                }
            }
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
        for (int n = 0; n < tables.BasicCount; n++)
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
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TS, TV>(NeighbourBlock block, NeighbourScratch scratch, KernelTables tables, ReadOnlySpan<double> adjoint)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int stride = scratch.Stride;
        int slots = block.SlotCount;
        ref double f = ref MemoryMarshal.GetArrayDataReference(scratch.F);
        ref double df = ref MemoryMarshal.GetArrayDataReference(scratch.DF);
        ref double p = ref MemoryMarshal.GetArrayDataReference(scratch.P);
        int[] used = tables.UsedMonomials, offsets = tables.UsedMonomialOffsets, members = tables.UsedMonomialMembers;
        int[] mu = tables.BasicMu, degree = tables.MonomialDegree, deriv = tables.MonomialDerivative;
        double[] exponent = tables.MonomialExponent;
        for (int s = 0; s < slots; s += W)
        {
            TV inv = TS.Load(ref scratch.InvR[s]);
            TV radial = TS.Zero, gx = TS.Zero, gy = TS.Zero, gz = TS.Zero;
            for (int u = 0; u < used.Length; u++)
            {
                int pm = used[u];
                TV a = TS.Zero, ad = TS.Zero;
                for (int k = offsets[u]; k < offsets[u + 1]; k++)
                {
                    int n = members[k];
                    TV coefficient = TS.Broadcast(adjoint[n]);
                    int row = mu[n] * stride + s;
                    a = TS.MultiplyAdd(coefficient, TS.Load(ref Unsafe.Add(ref f, row)), a);
                    ad = TS.MultiplyAdd(coefficient, TS.Load(ref Unsafe.Add(ref df, row)), ad);
                }
                TV pv = TS.Load(ref Unsafe.Add(ref p, pm * stride + s));
                // (a' − ν a/ρ) P
                TV term = TS.Subtract(ad, TS.Multiply(TS.Broadcast(degree[pm]), TS.Multiply(a, inv)));
                radial = TS.MultiplyAdd(term, pv, radial);
                double kx = exponent[3 * pm], ky = exponent[3 * pm + 1], kz = exponent[3 * pm + 2];
                if (kx != 0) gx = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(kx)), TS.Load(ref Unsafe.Add(ref p, deriv[3 * pm] * stride + s)), gx);
                if (ky != 0) gy = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(ky)), TS.Load(ref Unsafe.Add(ref p, deriv[3 * pm + 1] * stride + s)), gy);
                if (kz != 0) gz = TS.MultiplyAdd(TS.Multiply(a, TS.Broadcast(kz)), TS.Load(ref Unsafe.Add(ref p, deriv[3 * pm + 2] * stride + s)), gz);
            }
            TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Ux[s]), radial, TS.Multiply(inv, gx)), ref scratch.Gx[s]);
            TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Uy[s]), radial, TS.Multiply(inv, gy)), ref scratch.Gy[s]);
            TS.Store(TS.MultiplyAdd(TS.Load(ref scratch.Uz[s]), radial, TS.Multiply(inv, gz)), ref scratch.Gz[s]);
        }
    }
}
