using System.Runtime.Intrinsics;

namespace LowRankMlip.Mtp.Kernels.Common;

/// <summary>Which kernel width to run. <see cref="Auto"/> takes the widest the hardware accelerates.</summary>
public enum KernelPath
{
    Auto,
    Scalar,
    Vector256,
    Vector512,
}

public static class KernelDispatch
{
    /// <summary>
    /// Resolves <see cref="KernelPath.Auto"/> once per process from the JIT's view of the hardware:
    /// <c>DOTNET_EnableAVX512=0</c> turns <see cref="Vector512.IsHardwareAccelerated"/> off (AVX2 path),
    /// <c>DOTNET_EnableHWIntrinsic=0</c> turns both off (scalar path). See dotnet-notes §2.
    /// </summary>
    public static KernelPath Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512 :
        Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Scalar;

    public static KernelPath Resolve(KernelPath requested)
    {
        if (requested == KernelPath.Auto) return Best;
        if (requested == KernelPath.Vector512 && !Vector512.IsHardwareAccelerated)
            throw new PlatformNotSupportedException("the Vector512 kernel path was requested but Vector512 is not hardware-accelerated here");
        if (requested == KernelPath.Vector256 && !Vector256.IsHardwareAccelerated)
            throw new PlatformNotSupportedException("the Vector256 kernel path was requested but Vector256 is not hardware-accelerated here");
        return requested;
    }

    /// <summary>True when <paramref name="path"/> can run here.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Vector512 => Vector512.IsHardwareAccelerated,
        KernelPath.Vector256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };

    public static int LaneCount(KernelPath path) => Resolve(path) switch
    {
        KernelPath.Vector512 => 8,
        KernelPath.Vector256 => 4,
        _ => 1,
    };

    /// <summary>Human-readable description of the path (for reports and manifests).</summary>
    public static string Describe(KernelPath path) => Resolve(path) switch
    {
        KernelPath.Vector512 => "AVX-512 (Vector512<double>, 8 lanes)",
        KernelPath.Vector256 => "AVX2 (Vector256<double>, 4 lanes)",
        _ => "scalar",
    };
}
