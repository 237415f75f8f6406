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
    [property: JsonPropertyName("url")] string? Url);

/// <summary>
/// One dataset of the manifest: origin, licence, species, units, roles and files (issue 5 §1). Location
/// "repository" marks a dataset that ships in the repository (its paths start at the manifest's folder,
/// reference-data/; made by <see cref="GeneratedBy"/>, no download); otherwise its files are under the data root.
/// </summary>
public sealed record Dataset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("generated_by")] string? GeneratedBy,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("stand_in_for")] string? StandInFor,
    [property: JsonPropertyName("licence")] string Licence,
    [property: JsonPropertyName("species")] IReadOnlyList<string> Species,
    [property: JsonPropertyName("atom_symbols")] string? AtomSymbols,
    [property: JsonPropertyName("cfg_types")] string? CfgTypes,
    [property: JsonPropertyName("files")] IReadOnlyList<DatasetFile> Files)
{
    public const string RepositoryLocation = "repository";
    public const string SpeciesCfgTypes = "species";

    public bool InRepository => Location == RepositoryLocation;

    /// <summary>cfg_types "species": a .cfg type k is element k of <see cref="Species"/> (MLIP convention); absent: types are atomic numbers (lrmlip convert).</summary>
    public bool CfgTypesAreSpecies => CfgTypes == SpeciesCfgTypes;
}

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

    /// <summary>The manifest's folder (reference-data/): where the paths of the in-repository datasets start.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static DatasetCatalog Load(string path)
    {
        Document? doc;
        try { doc = JsonSerializer.Deserialize<Document>(System.IO.File.ReadAllText(path)); }
        catch (JsonException e) { throw new InputFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a valid dataset manifest: {e.Message}", e); }
        if (doc is null || doc.FormatVersion != 1 || doc.Datasets is null)
            throw new InputFormatException(path, 0, "not a dataset manifest (expected format_version 1 and a datasets list)");
        foreach (var d in doc.Datasets)
        {
            if (d.Location is not null && !d.InRepository)
                throw new InputFormatException(path, 0, $"dataset '{d.Name}': location '{d.Location}' is not known (expected \"{Dataset.RepositoryLocation}\" or no location = the data root)");
            if (d.InRepository && string.IsNullOrWhiteSpace(d.GeneratedBy))
                throw new InputFormatException(path, 0, $"dataset '{d.Name}' is in the repository: give generated_by (the command that makes it)");
            if (d.CfgTypes is not null && !d.CfgTypesAreSpecies)
                throw new InputFormatException(path, 0, $"dataset '{d.Name}': cfg_types '{d.CfgTypes}' is not known (expected \"{Dataset.SpeciesCfgTypes}\" or none = atomic numbers)");
            foreach (var f in d.Files.Where(f => !d.InRepository && string.IsNullOrWhiteSpace(f.Url)))
                throw new InputFormatException(path, 0, $"dataset '{d.Name}': {f.Path} has no url (only a dataset with location \"{Dataset.RepositoryLocation}\" may omit it)");
        }
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
