using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LowRankMlip.Mtp.Kernels.Common;

/// <summary>
/// Width abstraction for the hand-vectorized kernels (style-anchors practice 1): each kernel body is
/// written once as <c>Kernel&lt;TSimd, TVec&gt;</c> and the JIT specializes it for
/// <see cref="Lane1"/> (scalar double), <see cref="Lane256"/> (4 doubles) and <see cref="Lane512"/> (8 doubles).
/// All members are static abstract so the calls inline to single instructions.
/// </summary>
internal interface ISimd<TVec> where TVec : unmanaged
{
    static abstract int Count { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Broadcast(double value);
    static abstract TVec Load(ref double source);
    static abstract void Store(TVec value, ref double destination);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);
    /// <summary>a·b + c with one rounding (FMA) where the hardware has it, otherwise two roundings.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
    static abstract TVec Sqrt(TVec a);
    static abstract TVec Max(TVec a, TVec b);
    /// <summary>Lane-wise select: where a &lt; b take x, else y.</summary>
    static abstract TVec SelectLess(TVec a, TVec b, TVec x, TVec y);
    /// <summary>Sum of all lanes in a fixed order (lane 0 + lane 1 + …, pairwise as the hardware reduces).</summary>
    static abstract double Sum(TVec a);
}

internal readonly struct Lane1 : ISimd<double>
{
    public static int Count => 1;
    public static double Zero => 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(ref double source) => source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double destination) => destination = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Divide(double a, double b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyAdd(double a, double b, double c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double a) => Math.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Max(double a, double b) => Math.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SelectLess(double a, double b, double x, double y) => a < b ? x : y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(double a) => a;
}

internal readonly struct Lane256 : ISimd<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;
    public static Vector256<double> Zero => Vector256<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> SelectLess(Vector256<double> a, Vector256<double> b, Vector256<double> x, Vector256<double> y) => Vector256.ConditionalSelect(Vector256.LessThan(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector256<double> a) => Vector256.Sum(a);
}

internal readonly struct Lane512 : ISimd<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Zero => Vector512<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> SelectLess(Vector512<double> a, Vector512<double> b, Vector512<double> x, Vector512<double> y) => Vector512.ConditionalSelect(Vector512.LessThan(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector512<double> a) => Vector512.Sum(a);
}
