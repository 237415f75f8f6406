using System.Runtime.CompilerServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Chebyshev radial basis with the (Rc − r)² smoothing factor, mtp-spec §3.1:
/// <code>
/// τ(r) = (2r − (rmin + Rc)) / (Rc − rmin),  m = dτ/dr = 2/(Rc − rmin)
/// Q_0 = (r − Rc)²,  Q_1 = τ (r − Rc)²,  Q_k = 2τ Q_{k−1} − Q_{k−2}
/// Q_0' = 2 (r − Rc),  Q_1' = m (r − Rc)² + 2τ (r − Rc),  Q_k' = 2 (m Q_{k−1} + τ Q'_{k−1}) − Q'_{k−2}
/// </code>
/// RBChebyshev_repuls clamps r to rmin from below and zeroes the derivatives there.
/// The scaling s is folded into the radial coefficients by the caller.
/// </summary>
internal static class RadialBasis
{
    /// <summary>
    /// Vector form over W neighbours: writes f_μ = Σ_β c[μ][β] Q_β and f'_μ into
    /// f[μ·stride + slot], df[μ·stride + slot] for the W lanes starting at <paramref name="slot"/>.
    /// <paramref name="coeffs"/> is the (K, R) block of the species pair, pre-multiplied by s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RadialFunctions<TS, TV>(TV r, in RadialConstants k, bool repulsive, ref double coeffs, int funcCount, int basisSize,
        ref double f, ref double df, int stride, int slot, Span<TV> q, Span<TV> dq)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        TV zero = TS.Zero;
        TV rEff = repulsive ? TS.Max(r, TS.Broadcast(k.MinDist)) : r;
        TV m = TS.Broadcast(k.Slope);
        TV tau = TS.MultiplyAdd(rEff, m, TS.Broadcast(k.Offset));
        TV d = TS.Subtract(rEff, TS.Broadcast(k.MaxDist));
        TV d2 = TS.Multiply(d, d);
        TV two = TS.Broadcast(2.0);
        q[0] = d2;
        dq[0] = TS.Multiply(two, d);
        q[1] = TS.Multiply(tau, d2);
        dq[1] = TS.MultiplyAdd(m, d2, TS.Multiply(TS.Multiply(two, tau), d));
        TV twoTau = TS.Multiply(two, tau);
        for (int b = 2; b < basisSize; b++)
        {
            q[b] = TS.Subtract(TS.Multiply(twoTau, q[b - 1]), q[b - 2]);
            dq[b] = TS.Subtract(TS.Multiply(two, TS.MultiplyAdd(m, q[b - 1], TS.Multiply(tau, dq[b - 1]))), dq[b - 2]);
        }
        if (repulsive)
        {
            // Clamped below min_dist: the basis is constant there, so its derivative is zero.
            TV mask = TS.SelectLess(TS.Broadcast(k.MinDist), r, TS.Broadcast(1.0), zero);
            for (int b = 0; b < basisSize; b++) dq[b] = TS.Multiply(dq[b], mask);
        }
        for (int mu = 0; mu < funcCount; mu++)
        {
            ref double c = ref Unsafe.Add(ref coeffs, mu * basisSize);
            TV acc = zero, dacc = zero;
            for (int b = 0; b < basisSize; b++)
            {
                TV cb = TS.Broadcast(Unsafe.Add(ref c, b));
                acc = TS.MultiplyAdd(cb, q[b], acc);
                dacc = TS.MultiplyAdd(cb, dq[b], dacc);
            }
            TS.Store(acc, ref Unsafe.Add(ref f, mu * stride + slot));
            TS.Store(dacc, ref Unsafe.Add(ref df, mu * stride + slot));
        }
    }
}

/// <summary>Constants of the affine map τ(r) = Slope·r + Offset (mtp-spec §3.1).</summary>
internal readonly struct RadialConstants
{
    public RadialConstants(double minDist, double maxDist)
    {
        MinDist = minDist;
        MaxDist = maxDist;
        Slope = 2.0 / (maxDist - minDist);
        Offset = -(minDist + maxDist) / (maxDist - minDist);
    }

    public double MinDist { get; }
    public double MaxDist { get; }
    public double Slope { get; }
    public double Offset { get; }
}
