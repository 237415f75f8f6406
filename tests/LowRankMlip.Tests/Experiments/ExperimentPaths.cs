using LowRankMlip.Experiments.Data;

namespace LowRankMlip.Tests.Experiments;

/// <summary>The repository (found by its reference-data/datasets.json above the test binaries), its definitions and scratch folders.</summary>
internal static class ExperimentPaths
{
    public static string Repository { get; } = RepositoryLayout.FindRoot(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("reference-data/datasets.json not found above " + AppContext.BaseDirectory);

    public static string Catalog => Path.Combine(Repository, RepositoryLayout.CatalogRelativePath);

    public static string Definition(string name) => Path.Combine(Repository, "scripts", "experiments", name + ".json");

    public static IEnumerable<string> DefinitionNames =>
        Directory.GetFiles(Path.Combine(Repository, "scripts", "experiments"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lrmlip-experiment-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
