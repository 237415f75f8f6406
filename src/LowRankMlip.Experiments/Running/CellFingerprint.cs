using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LowRankMlip.Experiments.Data;
using LowRankMlip.Experiments.Planning;

namespace LowRankMlip.Experiments.Running;

/// <summary>
/// A short hash of everything a cell's result depends on except the thread count (which changes rounding
/// only): start file and label, method, view, ranks, seed, limits, weights, data files with their checksums,
/// split and subsampling. A finished cell is reused only under the same fingerprint; checkpoints carry it in
/// their names so an interrupted cell never resumes under other settings.
/// </summary>
public static class CellFingerprint
{
    public static string Of(CellSpec cell, ExperimentPlan plan, IReadOnlyList<DataFileRecord> files)
    {
        var s = plan.Settings;
        var payload = new
        {
            version = 1,
            start = new { cell.Start.Label, cell.Start.RelativePath, cell.Start.Kind, sha256 = files.FirstOrDefault(f => f.Path == cell.Start.RelativePath)?.Sha256 },
            method = cell.MethodName,
            view = cell.ViewName,
            ranks = cell.Ranks,
            seed = cell.Seed,
            settings = new { s.IterationLimit, s.MaxTimeSeconds, s.Tolerance, s.TrainEvery, s.TestEvery, s.SvdRefitLinear, s.MfraStartRank, s.Weights },
            data = new
            {
                plan.Data.Species, plan.Data.TrainFiles, plan.Data.TestFiles, plan.Data.HoldOutEvery,
                checksums = files.Where(f => f.Path != cell.Start.RelativePath).Select(f => f.Sha256).ToArray(),
            },
        };
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(payload));
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
    }
}
