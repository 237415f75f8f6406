using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Ace.Kernels;

/// <summary>
/// The radial contraction R_nl = Σ_k crad[k][nl]·g_k and its r-derivative (ace-spec §2), the
/// hottest loop of the evaluator: one axpy per k over the contiguous (n, l) block, vectorized with
/// Vector512/Vector256 and a scalar tail; the scalar path is the reference.
/// </summary>
internal static class AceRadialKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Contract(KernelPath path, ReadOnlySpan<double> cradT, ReadOnlySpan<double> g, ReadOnlySpan<double> dg,
        Span<double> r, Span<double> dr, int basisSize, int nl)
    {
        r[..nl].Clear();
        dr[..nl].Clear();
        ref double rRef = ref MemoryMarshal.GetReference(r), drRef = ref MemoryMarshal.GetReference(dr);
        ref double cRef = ref MemoryMarshal.GetReference(cradT);
        for (int k = 0; k < basisSize; k++)
        {
            double gk = g[k], dgk = dg[k];
            if (gk == 0 && dgk == 0) continue;
            ref double row = ref Unsafe.Add(ref cRef, k * nl);
            int i = 0;
            if (path == KernelPath.Vector512)
            {
                var vg = Vector512.Create(gk); var vdg = Vector512.Create(dgk);
                for (; i + 8 <= nl; i += 8)
                {
                    var c = Vector512.LoadUnsafe(ref row, (nuint)i);
                    Vector512.FusedMultiplyAdd(c, vg, Vector512.LoadUnsafe(ref rRef, (nuint)i)).StoreUnsafe(ref rRef, (nuint)i);
                    Vector512.FusedMultiplyAdd(c, vdg, Vector512.LoadUnsafe(ref drRef, (nuint)i)).StoreUnsafe(ref drRef, (nuint)i);
                }
            }
            if (path is KernelPath.Vector512 or KernelPath.Vector256)
            {
                var vg = Vector256.Create(gk); var vdg = Vector256.Create(dgk);
                for (; i + 4 <= nl; i += 4)
                {
                    var c = Vector256.LoadUnsafe(ref row, (nuint)i);
                    Vector256.FusedMultiplyAdd(c, vg, Vector256.LoadUnsafe(ref rRef, (nuint)i)).StoreUnsafe(ref rRef, (nuint)i);
                    Vector256.FusedMultiplyAdd(c, vdg, Vector256.LoadUnsafe(ref drRef, (nuint)i)).StoreUnsafe(ref drRef, (nuint)i);
                }
            }
            for (; i < nl; i++)
            {
                double c = Unsafe.Add(ref row, i);
                Unsafe.Add(ref rRef, i) = Math.FusedMultiplyAdd(c, gk, Unsafe.Add(ref rRef, i));
                Unsafe.Add(ref drRef, i) = Math.FusedMultiplyAdd(c, dgk, Unsafe.Add(ref drRef, i));
            }
        }
    }
}
