namespace LowRankMlip.Tests.Io;

/// <summary>Paths of reference samples used by the I/O tests.</summary>
internal static class IoPaths
{
    public static string SelfTest(params string[] parts) => TestData.Path(["samples", "mlip-3", "test", "self-test", .. parts]);
    public static string Configurations(params string[] parts) => SelfTest(["configurations", .. parts]);
    public static string Ref(string relative) => TestData.Path(relative.Split('/'));

    public static string TempFile(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lrmlip-io-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
