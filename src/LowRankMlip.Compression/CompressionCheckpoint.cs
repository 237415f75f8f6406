using System.Text.Json;
using LowRankMlip.Compression.Io;
using LowRankMlip.Io;
using LowRankMlip.Training;

namespace LowRankMlip.Compression;

/// <summary>
/// Checkpoint of a compression run: the current compressed potential (PATH, a .lrmtp) and a JSON state
/// (PATH.state.json: iteration, evaluations, loss curve, rank log). Both written atomically, the state
/// last, so a state file always refers to a complete potential.
/// </summary>
public static class CompressionCheckpoint
{
    public sealed record State(CompressedPotential Compressed, int Iteration, int Evaluations,
        IReadOnlyList<IterationRecord> History, IReadOnlyList<RankRecord> Ranks);

    private sealed record StateFile(int Version, int Iteration, int Evaluations, List<IterationRecord> History, List<RankRecord> Ranks);

    public static string StatePath(string path) => path + ".state.json";

    public static bool Exists(string path) => File.Exists(path) && File.Exists(StatePath(path));

    public static void Save(string path, CompressedPotential potential, int iteration, int evaluations,
        IReadOnlyList<IterationRecord> history, IReadOnlyList<RankRecord> ranks)
    {
        CompressedMtpFile.Write(path, potential);
        AtomicFile.WriteAllText(StatePath(path), JsonSerializer.Serialize(new StateFile(1, iteration, evaluations, history.ToList(), ranks.ToList())));
    }

    public static State Load(string path)
    {
        var potential = CompressedMtpFile.Read(path);
        StateFile? state;
        try { state = JsonSerializer.Deserialize<StateFile>(File.ReadAllText(StatePath(path))); }
        catch (JsonException e) { throw new InputFormatException(StatePath(path), (int)(e.LineNumber ?? 0) + 1, $"checkpoint state is not valid JSON: {e.Message}", e); }
        if (state is null || state.Version != 1) throw new InputFormatException(StatePath(path), 0, "unsupported checkpoint state (expected version 1)");
        return new State(potential, state.Iteration, state.Evaluations, state.History, state.Ranks ?? []);
    }
}
