using System.Globalization;
using LowRankMlip.Io;

namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// Text checkpoint of an <see cref="MdState"/> with round-trip numbers, written atomically (temp + rename), so a
/// run killed at any moment resumes from the last complete checkpoint and continues bit for bit. The settings
/// are not stored: a restart passes them again.
/// </summary>
public static class MdCheckpoint
{
    private const string Magic = "lrmlip-md-checkpoint 1";

    public static void Write(string path, MdState state)
    {
        using var w = AtomicFile.Create(path);
        var t = w.Writer;
        var cfg = state.Configuration;
        t.WriteLine(Magic);
        t.WriteLine($"step {state.Step.ToString(CultureInfo.InvariantCulture)}");
        t.WriteLine($"time_fs {R(state.TimeFs)}");
        t.WriteLine($"exchanged_ev {R(state.ExchangedEnergy)}");
        t.WriteLine($"random {string.Join(' ', state.Random.State.Select(x => x.ToString(CultureInfo.InvariantCulture)))}");
        t.WriteLine($"cell {string.Join(' ', cfg.Cell.Vectors.Select(R))}");
        t.WriteLine($"chain {state.ChainPositions.Length} {string.Join(' ', state.ChainPositions.Concat(state.ChainVelocities).Select(R))}");
        t.WriteLine($"atoms {cfg.AtomCount.ToString(CultureInfo.InvariantCulture)}");
        for (int i = 0; i < cfg.AtomCount; i++)
            t.WriteLine(string.Join(' ', new[] { cfg.Types[i].ToString(CultureInfo.InvariantCulture), R(state.Masses[i]) }
                .Concat(cfg.Positions.AsSpan(3 * i, 3).ToArray().Select(R))
                .Concat(state.Velocities.AsSpan(3 * i, 3).ToArray().Select(R))));
        w.Commit();
    }

    public static MdState Read(string path)
    {
        var lines = File.ReadAllLines(path);
        int line = 0;
        string[] Next(string key, int minFields)
        {
            if (line >= lines.Length) throw new InvalidDataException($"{path}: ends before '{key}'");
            var fields = lines[line++].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < minFields || (key.Length > 0 && fields[0] != key))
                throw new InvalidDataException($"{path}:{line}: expected '{key}' with {minFields - 1} values");
            return fields;
        }
        if (lines.Length == 0 || lines[0] != Magic) throw new InvalidDataException($"{path}: not an lrmlip MD checkpoint (first line must be '{Magic}')");
        line = 1;
        long step = long.Parse(Next("step", 2)[1], CultureInfo.InvariantCulture);
        double time = D(Next("time_fs", 2)[1], path);
        double exchanged = D(Next("exchanged_ev", 2)[1], path);
        var random = Next("random", 5).Skip(1).Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var cell = Next("cell", 10).Skip(1).Select(x => D(x, path)).ToArray();
        var chainFields = Next("chain", 2);
        int chainLength = int.Parse(chainFields[1], CultureInfo.InvariantCulture);
        if (chainFields.Length != 2 + 2 * chainLength) throw new InvalidDataException($"{path}: the chain line needs {2 * chainLength} values");
        int n = int.Parse(Next("atoms", 2)[1], CultureInfo.InvariantCulture);
        var types = new int[n];
        var masses = new double[n];
        var positions = new double[3 * n];
        var velocities = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            var f = Next("", 8);
            types[i] = int.Parse(f[0], CultureInfo.InvariantCulture);
            masses[i] = D(f[1], path);
            for (int c = 0; c < 3; c++) { positions[3 * i + c] = D(f[2 + c], path); velocities[3 * i + c] = D(f[5 + c], path); }
        }
        var state = new MdState(new Configuration(Cell.Periodic(cell), types, positions), velocities, masses, SimulationRandom.FromState(random), chainLength)
        {
            Step = step,
            TimeFs = time,
            ExchangedEnergy = exchanged,
        };
        for (int j = 0; j < chainLength; j++)
        {
            state.ChainPositions[j] = D(chainFields[2 + j], path);
            state.ChainVelocities[j] = D(chainFields[2 + chainLength + j], path);
        }
        return state;
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static double D(string s, string path) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new InvalidDataException($"{path}: '{s}' is not a number");
}
