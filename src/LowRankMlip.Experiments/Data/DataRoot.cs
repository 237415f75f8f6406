namespace LowRankMlip.Experiments.Data;

/// <summary>
/// The one data-root setting (architecture.md, Data location): Data:Root from the JSON configuration,
/// overridden by LRMLIP_DATA, overridden by --data (the configuration sources' order, see
/// <see cref="Definition.ExperimentConfiguration"/>); default reference-data/external/ of the repository.
/// Relative paths are taken from the current directory. Files below it are addressed as DATASET/…, the first
/// folder naming the dataset of reference-data/datasets.json. A dataset the manifest places in the repository
/// (location "repository", see <see cref="Dataset"/>) is read from the manifest's folder instead, whatever the root.
/// </summary>
public sealed class DataRoot
{
    private readonly string? _repositoryData;
    private readonly HashSet<string> _inRepository;

    public DataRoot(string path) : this(path, null, []) { }

    private DataRoot(string path, string? repositoryData, IEnumerable<string> inRepository)
    {
        Path = System.IO.Path.GetFullPath(path);
        _repositoryData = repositoryData is null ? null : System.IO.Path.GetFullPath(repositoryData);
        _inRepository = new HashSet<string>(inRepository, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>This root, with the catalog's in-repository datasets read from the catalog's folder.</summary>
    public DataRoot WithRepositoryDatasets(DatasetCatalog catalog) =>
        new(Path, catalog.Directory, catalog.Datasets.Where(d => d.InRepository).Select(d => d.Name));

    /// <summary>Whether a relative path belongs to a dataset that ships in the repository.</summary>
    public bool InRepository(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && _inRepository.Contains(parts[0]);
    }

    /// <summary>The folder a relative path starts at: the manifest's folder for an in-repository dataset, else the root.</summary>
    public string BaseOf(string relativePath) => InRepository(relativePath) ? _repositoryData! : Path;

    /// <summary>The root from a setting (null or empty = the repository default under <paramref name="repositoryRoot"/>).</summary>
    public static DataRoot Resolve(string? setting, string? repositoryRoot, string? currentDirectory = null)
    {
        currentDirectory ??= Environment.CurrentDirectory;
        if (!string.IsNullOrWhiteSpace(setting)) return new DataRoot(System.IO.Path.Combine(currentDirectory, setting));
        if (repositoryRoot is null)
            throw new ArgumentException("no data root: set Data:Root in the definition, LRMLIP_DATA, or --data DIR " +
                $"(the default {RepositoryLayout.DefaultDataRelativePath}/ needs the repository, found by its {RepositoryLayout.CatalogRelativePath})");
        return new DataRoot(System.IO.Path.Combine(repositoryRoot, RepositoryLayout.DefaultDataRelativePath));
    }

    /// <summary>The dataset a relative path belongs to: its first folder.</summary>
    public static string DatasetOf(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) throw new ArgumentException($"data path '{relativePath}' must start with its dataset folder (DATASET/…)");
        return parts[0];
    }

    /// <summary>The absolute path of an existing file, or <see cref="MissingDataException"/> naming its dataset.</summary>
    public string File(string relativePath)
    {
        var full = System.IO.Path.Combine(BaseOf(relativePath), relativePath);
        if (System.IO.File.Exists(full)) return full;
        throw InRepository(relativePath) ? MissingInRepository(relativePath, full) : new MissingDataException(DatasetOf(relativePath), Path, relativePath);
    }

    /// <summary>
    /// Expands comma-separated patterns ('*' and '?' within the file name) into relative paths, in pattern order
    /// and ordinal name order within a pattern; each pattern must match at least one file.
    /// </summary>
    public IReadOnlyList<string> Expand(IEnumerable<string> patterns)
    {
        var result = new List<string>();
        foreach (var pattern in patterns)
        {
            var normalized = pattern.Replace('\\', '/');
            if (normalized.IndexOfAny(['*', '?']) < 0)
            {
                File(normalized);
                result.Add(normalized);
                continue;
            }
            int slash = normalized.LastIndexOf('/');
            var folder = slash < 0 ? "" : normalized[..slash];
            var mask = normalized[(slash + 1)..];
            if (folder.IndexOfAny(['*', '?']) >= 0) throw new ArgumentException($"data pattern '{pattern}': wildcards are allowed in the file name only");
            var dir = System.IO.Path.Combine(BaseOf(normalized), folder);
            var matches = Directory.Exists(dir)
                ? Directory.GetFiles(dir, mask).Select(f => folder + "/" + System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
                : [];
            if (matches.Count == 0)
                throw InRepository(normalized) ? MissingInRepository(normalized, System.IO.Path.Combine(dir, mask)) : new MissingDataException(DatasetOf(normalized), Path, normalized);
            result.AddRange(matches);
        }
        return result;
    }

    private static FileNotFoundException MissingInRepository(string relativePath, string full) =>
        new($"{full} is missing: dataset '{DatasetOf(relativePath)}' is generated by the suite (no download); run bash scripts/generate-flinak.sh", full);
}
