using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Ace.Kernels;

/// <summary>
/// The per-neighbour accumulation of the latent path (<see cref="AceLatentRadial"/>):
/// Ã[ρ][i] += h_ρ·y[i] over the contiguous (Re Y_lm, Im Y_lm) row, i.e. a rank-1 update of the r × 2·lmc
/// block of one neighbour species. One axpy per ρ, vectorized with Vector512/Vector256 and a scalar
/// tail; the scalar path is the reference. (The adjoint contraction ω = Σ_ρ h_ρ·W̃[ρ] is
/// <see cref="AceRadialKernel.Contract"/>.)
/// </summary>
internal static class AceLatentKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(KernelPath path, ReadOnlySpan<double> h, ReadOnlySpan<double> y, Span<double> latent, int rank, int length)
    {
        ref double yRef = ref MemoryMarshal.GetReference(y);
        ref double aRef = ref MemoryMarshal.GetReference(latent);
        for (int r = 0; r < rank; r++)
        {
            double hr = h[r];
            if (hr == 0) continue;
            ref double row = ref Unsafe.Add(ref aRef, r * length);
            int i = 0;
            if (path == KernelPath.Vector512)
            {
                var vh = Vector512.Create(hr);
                for (; i + 8 <= length; i += 8)
                    Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yRef, (nuint)i), vh, Vector512.LoadUnsafe(ref row, (nuint)i)).StoreUnsafe(ref row, (nuint)i);
            }
            if (path is KernelPath.Vector512 or KernelPath.Vector256)
            {
                var vh = Vector256.Create(hr);
                for (; i + 4 <= length; i += 4)
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref yRef, (nuint)i), vh, Vector256.LoadUnsafe(ref row, (nuint)i)).StoreUnsafe(ref row, (nuint)i);
            }
            for (; i < length; i++)
                Unsafe.Add(ref row, i) = Math.FusedMultiplyAdd(Unsafe.Add(ref yRef, i), hr, Unsafe.Add(ref row, i));
        }
    }
}
