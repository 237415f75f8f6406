using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using LowRankMlip.Io;

namespace LowRankMlip.Experiments.Data;

/// <summary>One file of a dataset (reference-data/datasets.json).</summary>
public sealed record DatasetFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("git_blob")] string? GitBlob,
    [property: JsonPropertyName("url")] string Url);

/// <summary>One dataset of the manifest: origin, licence, species, units, roles and files (issue 5 §1).</summary>
public sealed record Dataset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("stand_in_for")] string? StandInFor,
    [property: JsonPropertyName("licence")] string Licence,
    [property: JsonPropertyName("species")] IReadOnlyList<string> Species,
    [property: JsonPropertyName("atom_symbols")] string? AtomSymbols,
    [property: JsonPropertyName("files")] IReadOnlyList<DatasetFile> Files);

/// <summary>reference-data/datasets.json: every dataset, template and published potential the project uses.</summary>
public sealed class DatasetCatalog
{
    private sealed record Document(
        [property: JsonPropertyName("format_version")] int FormatVersion,
        [property: JsonPropertyName("datasets")] List<Dataset> Datasets);

    private readonly Dictionary<string, Dataset> _byName;
    private readonly Dictionary<string, DatasetFile> _byPath;

    private DatasetCatalog(string path, IReadOnlyList<Dataset> datasets)
    {
        Path = path;
        Datasets = datasets;
        _byName = datasets.ToDictionary(d => d.Name, StringComparer.Ordinal);
        _byPath = datasets.SelectMany(d => d.Files).ToDictionary(f => f.Path, StringComparer.Ordinal);
    }

    public string Path { get; }
    public IReadOnlyList<Dataset> Datasets { get; }

    public static DatasetCatalog Load(string path)
    {
        Document? doc;
        try { doc = JsonSerializer.Deserialize<Document>(System.IO.File.ReadAllText(path)); }
        catch (JsonException e) { throw new InputFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a valid dataset manifest: {e.Message}", e); }
        if (doc is null || doc.FormatVersion != 1 || doc.Datasets is null)
            throw new InputFormatException(path, 0, "not a dataset manifest (expected format_version 1 and a datasets list)");
        return new DatasetCatalog(System.IO.Path.GetFullPath(path), doc.Datasets);
    }

    public Dataset Get(string name) => _byName.TryGetValue(name, out var d) ? d
        : throw new ArgumentException($"dataset '{name}' is not in {Path} (known: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))})");

    public DatasetFile? File(string relativePath) => _byPath.GetValueOrDefault(relativePath.Replace('\\', '/'));

    /// <summary>Lowercase hex sha256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
