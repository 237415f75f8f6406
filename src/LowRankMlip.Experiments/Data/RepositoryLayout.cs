namespace LowRankMlip.Experiments.Data;

/// <summary>
/// Where the repository's conventional paths are: the repository root is the nearest folder above a start
/// folder that holds reference-data/datasets.json (the committed dataset manifest).
/// </summary>
public static class RepositoryLayout
{
    public const string CatalogRelativePath = "reference-data/datasets.json";
    public const string DefaultDataRelativePath = "reference-data/external";

    /// <summary>The repository root above <paramref name="start"/>, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, CatalogRelativePath))) return dir.FullName;
        return null;
    }

    /// <summary>The repository root above the definition file, else above the current directory, or null.</summary>
    public static string? FindRoot(string? definitionPath, string currentDirectory) =>
        (definitionPath is null ? null : FindRoot(Path.GetDirectoryName(Path.GetFullPath(definitionPath))!)) ?? FindRoot(currentDirectory);
}
