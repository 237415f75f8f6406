namespace LowRankMlip.Tests;

/// <summary>Locates the shared reference data (../shared/reference-data beside the checkout, or LRMLIP_REFERENCE_DATA).</summary>
public static class TestData
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("LRMLIP_REFERENCE_DATA");
        if (!string.IsNullOrEmpty(env)) return env;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference-data");
            if (Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        throw new DirectoryNotFoundException("shared/reference-data not found above " + AppContext.BaseDirectory + "; set LRMLIP_REFERENCE_DATA");
    }
}
