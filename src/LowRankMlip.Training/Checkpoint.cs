using System.Text.Json;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Training;

/// <summary>
/// Training checkpoint: the current potential as an MLIP .mtp (PATH) plus a JSON state (PATH.state.json:
/// iteration, evaluations, loss curve). Both are written atomically; the state is written last, so a
/// state file always refers to a complete potential.
/// </summary>
public static class Checkpoint
{
    public sealed record State(MtpPotential Potential, int Iteration, int Evaluations, IReadOnlyList<IterationRecord> History);

    private sealed record StateFile(int Version, int Iteration, int Evaluations, List<IterationRecord> History);

    public static string StatePath(string path) => path + ".state.json";

    public static bool Exists(string path) => File.Exists(path) && File.Exists(StatePath(path));

    public static void Save(string path, MtpPotential potential, int iteration, int evaluations, IReadOnlyList<IterationRecord> history)
    {
        MtpFile.Write(path, potential);
        AtomicFile.WriteAllText(StatePath(path), JsonSerializer.Serialize(new StateFile(1, iteration, evaluations, history.ToList()), Json));
    }

    public static State Load(string path)
    {
        var potential = MtpFile.Read(path);
        StateFile? state;
        try { state = JsonSerializer.Deserialize<StateFile>(File.ReadAllText(StatePath(path)), Json); }
        catch (JsonException e) { throw new InputFormatException(StatePath(path), (int)(e.LineNumber ?? 0) + 1, $"checkpoint state is not valid JSON: {e.Message}", e); }
        if (state is null || state.Version != 1) throw new InputFormatException(StatePath(path), 0, "unsupported checkpoint state (expected version 1)");
        if (!potential.IsTrained) throw new InputFormatException(path, 0, "checkpoint potential has no coefficients");
        return new State(potential, state.Iteration, state.Evaluations, state.History);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
}
