using System.Text.Json;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Io;

namespace LowRankMlip.Experiments.Running;

/// <summary>
/// The per-cell files of a run (issue 5 §4, resume): OUT/cells/KEY.json (the finished cell, written last and
/// atomically), OUT/potentials/KEY.mtp|.lrmtp (its potential) and OUT/checkpoints/KEY-FINGERPRINT.* (an
/// interrupted cell's trainer checkpoint, removed when the cell finishes).
/// </summary>
public sealed class CellStore(string outputDirectory)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string OutputDirectory { get; } = outputDirectory;
    public string CellsDirectory => Path.Combine(OutputDirectory, "cells");

    public string CellPath(CellSpec cell) => Path.Combine(CellsDirectory, cell.Key + ".json");

    /// <summary>Relative (to the output folder) path of the cell's potential file.</summary>
    public static string PotentialRelativePath(CellSpec cell) =>
        Path.Combine("potentials", cell.Key + (cell.Method is null ? ".mtp" : Compression.Io.CompressedMtpFile.Extension));

    public string PotentialPath(CellSpec cell) => Path.Combine(OutputDirectory, PotentialRelativePath(cell));

    public string CheckpointPath(CellSpec cell, string fingerprint) =>
        Path.Combine(OutputDirectory, "checkpoints", $"{cell.Key}-{fingerprint}{(cell.Method is null ? ".mtp" : Compression.Io.CompressedMtpFile.Extension)}");

    /// <summary>The saved result of a cell when it finished under <paramref name="fingerprint"/>, else null.</summary>
    public CellResult? LoadFinished(CellSpec cell, string fingerprint)
    {
        var path = CellPath(cell);
        if (!File.Exists(path)) return null;
        CellResult? result;
        try { result = JsonSerializer.Deserialize<CellResult>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
        return result is not null && result.Fingerprint == fingerprint ? result : null;
    }

    public void Save(CellResult result, CellSpec cell) =>
        AtomicFile.WriteAllText(CellPath(cell), JsonSerializer.Serialize(result, Json) + "\n");

    /// <summary>Removes a finished cell's checkpoint (the potential file and its .state.json).</summary>
    public static void DeleteCheckpoint(string path)
    {
        foreach (var p in new[] { path, path + ".state.json" })
            if (File.Exists(p)) File.Delete(p);
    }
}
