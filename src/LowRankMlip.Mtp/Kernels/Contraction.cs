using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// The moment contraction (mtp-spec §4.2) and its reverse sweep (§5.2), vectorized ACROSS ATOMS:
/// lane l of every vector belongs to atom l of a batch of W atoms, so the alpha_index_times list is
/// walked once per batch. Storage is SoA: moment n of lane l is at [n·W + l].
/// <code>
/// forward:  m[k] += w · m[i] · m[j]                       (rows in file order)
/// energy:   E_l = Σ_α θ_α m[mapping α]
/// reverse:  A[mapping α] = θ_α;  A[i] += w A[k] m[j];  A[j] += w A[k] m[i]   (rows in reverse order)
/// </code>
/// </summary>
internal static class Contraction
{
    /// <summary>Zeroes the derived moments, runs the times list and returns Σ_α θ_α B_α per lane into <paramref name="energy"/>.</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TS, TV>(KernelTables t, double[] moments, double[] theta, Span<double> energy)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double m = ref MemoryMarshal.GetArrayDataReference(moments);
        Array.Clear(moments, t.BasicCount * W, (t.MomentCount - t.BasicCount) * W);
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        for (int run = 0; run < runs.Length - 1; run++)
        {
            // One register accumulator per run of equal targets: no store-to-load chain through memory.
            ref double mk = ref Unsafe.Add(ref m, tk[runs[run]] * W);
            TV acc = TS.Load(ref mk);
            for (int row = runs[run]; row < runs[run + 1]; row++)
                acc = TS.MultiplyAdd(TS.Multiply(TS.Broadcast(tw[row]), TS.Load(ref Unsafe.Add(ref m, ti[row] * W))), TS.Load(ref Unsafe.Add(ref m, tj[row] * W)), acc);
            TS.Store(acc, ref mk);
        }
        int[] map = t.Mapping;
        TV e = TS.Zero;
        for (int a = 0; a < map.Length; a++)
            e = TS.MultiplyAdd(TS.Broadcast(theta[a]), TS.Load(ref Unsafe.Add(ref m, map[a] * W)), e);
        Span<double> lanes = stackalloc double[W];
        TS.Store(e, ref MemoryMarshal.GetReference(lanes));
        lanes.CopyTo(energy);
    }

    /// <summary>Adjoints A[n] = ∂(Σ θ B)/∂m_n for all moments (only the basic ones are used afterwards).</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Reverse<TS, TV>(KernelTables t, double[] moments, double[] theta, double[] adjoint)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double m = ref MemoryMarshal.GetArrayDataReference(moments);
        ref double adj = ref MemoryMarshal.GetArrayDataReference(adjoint);
        Array.Clear(adjoint, 0, t.MomentCount * W);
        int[] map = t.Mapping;
        for (int a = 0; a < map.Length; a++)
            TS.Store(TS.Broadcast(theta[a]), ref Unsafe.Add(ref adj, map[a] * W));
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        for (int run = runs.Length - 2; run >= 0; run--)
        {
            TV ak = TS.Load(ref Unsafe.Add(ref adj, tk[runs[run]] * W)); // complete: every use of k as a factor came later in file order
            for (int row = runs[run + 1] - 1; row >= runs[run]; row--)
            {
                int i = ti[row] * W, j = tj[row] * W;
                TV wa = TS.Multiply(TS.Broadcast(tw[row]), ak);
                ref double ai = ref Unsafe.Add(ref adj, i);
                TS.Store(TS.MultiplyAdd(wa, TS.Load(ref Unsafe.Add(ref m, j)), TS.Load(ref ai)), ref ai);
                ref double aj = ref Unsafe.Add(ref adj, j);
                TS.Store(TS.MultiplyAdd(wa, TS.Load(ref Unsafe.Add(ref m, i)), TS.Load(ref aj)), ref aj);
            }
        }
    }
}

/// <summary>
/// The contraction with tangents for the training gradient (mtp-spec §5.5, forward-over-reverse):
/// <code>
/// forward:  m[k] += w m[i] m[j];   δm[k] += w (δm[i] m[j] + m[i] δm[j])
/// S = Σ_α θ_α (a·m[map α] + δm[map α])          (a = ∂L/∂E of the configuration)
/// reverse:  Āδ[map α] = θ_α, Ām[map α] = a θ_α;
///           Āδ[i] += w Āδ[k] m[j];  Āδ[j] += w Āδ[k] m[i]
///           Ām[i] += w (Ām[k] m[j] + Āδ[k] δm[j]);  Ām[j] += w (Ām[k] m[i] + Āδ[k] δm[i])
/// </code>
/// Lanes are atoms, as in <see cref="Contraction"/>.
/// </summary>
internal static class TangentContraction
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<TS, TV>(KernelTables t, double[] moments, double[] tangents)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double m = ref MemoryMarshal.GetArrayDataReference(moments);
        ref double d = ref MemoryMarshal.GetArrayDataReference(tangents);
        Array.Clear(moments, t.BasicCount * W, (t.MomentCount - t.BasicCount) * W);
        Array.Clear(tangents, t.BasicCount * W, (t.MomentCount - t.BasicCount) * W);
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        for (int run = 0; run < runs.Length - 1; run++)
        {
            int k = tk[runs[run]] * W;
            TV acc = TS.Load(ref Unsafe.Add(ref m, k)), dacc = TS.Load(ref Unsafe.Add(ref d, k));
            for (int row = runs[run]; row < runs[run + 1]; row++)
            {
                int i = ti[row] * W, j = tj[row] * W;
                TV w = TS.Broadcast(tw[row]);
                TV mi = TS.Load(ref Unsafe.Add(ref m, i)), mj = TS.Load(ref Unsafe.Add(ref m, j));
                acc = TS.MultiplyAdd(TS.Multiply(w, mi), mj, acc);
                dacc = TS.MultiplyAdd(w, TS.MultiplyAdd(TS.Load(ref Unsafe.Add(ref d, i)), mj, TS.Multiply(mi, TS.Load(ref Unsafe.Add(ref d, j)))), dacc);
            }
            TS.Store(acc, ref Unsafe.Add(ref m, k));
            TS.Store(dacc, ref Unsafe.Add(ref d, k));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Reverse<TS, TV>(KernelTables t, double[] moments, double[] tangents, double[] theta, double energyWeight,
        double[] adjointM, double[] adjointD)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        ref double m = ref MemoryMarshal.GetArrayDataReference(moments);
        ref double d = ref MemoryMarshal.GetArrayDataReference(tangents);
        ref double am = ref MemoryMarshal.GetArrayDataReference(adjointM);
        ref double ad = ref MemoryMarshal.GetArrayDataReference(adjointD);
        Array.Clear(adjointM, 0, t.MomentCount * W);
        Array.Clear(adjointD, 0, t.MomentCount * W);
        int[] map = t.Mapping;
        for (int a = 0; a < map.Length; a++)
        {
            TS.Store(TS.Broadcast(theta[a]), ref Unsafe.Add(ref ad, map[a] * W));
            TS.Store(TS.Broadcast(energyWeight * theta[a]), ref Unsafe.Add(ref am, map[a] * W));
        }
        int[] ti = t.TimesI, tj = t.TimesJ, tk = t.TimesK, runs = t.RunStart;
        double[] tw = t.TimesWeight;
        for (int run = runs.Length - 2; run >= 0; run--)
        {
            int k = tk[runs[run]] * W;
            TV amk = TS.Load(ref Unsafe.Add(ref am, k)), adk = TS.Load(ref Unsafe.Add(ref ad, k));
            for (int row = runs[run + 1] - 1; row >= runs[run]; row--)
            {
                int i = ti[row] * W, j = tj[row] * W;
                TV w = TS.Broadcast(tw[row]);
                TV wam = TS.Multiply(w, amk), wad = TS.Multiply(w, adk);
                TV mi = TS.Load(ref Unsafe.Add(ref m, i)), mj = TS.Load(ref Unsafe.Add(ref m, j));
                TV di = TS.Load(ref Unsafe.Add(ref d, i)), dj = TS.Load(ref Unsafe.Add(ref d, j));
                ref double adi = ref Unsafe.Add(ref ad, i);
                TS.Store(TS.MultiplyAdd(wad, mj, TS.Load(ref adi)), ref adi);
                ref double adj = ref Unsafe.Add(ref ad, j);
                TS.Store(TS.MultiplyAdd(wad, mi, TS.Load(ref adj)), ref adj);
                ref double ami = ref Unsafe.Add(ref am, i);
                TS.Store(TS.MultiplyAdd(wam, mj, TS.MultiplyAdd(wad, dj, TS.Load(ref ami))), ref ami);
                ref double amj = ref Unsafe.Add(ref am, j);
                TS.Store(TS.MultiplyAdd(wam, mi, TS.MultiplyAdd(wad, di, TS.Load(ref amj))), ref amj);
            }
        }
    }
}
