using System.Globalization;
using LowRankMlip.Io;

namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// The thermo log of a run: one <see cref="ThermoSample"/> per logged step, written atomically as a whitespace
/// table (header line first). A restarted run reads it back and keeps the rows up to its checkpoint.
/// </summary>
public sealed class ThermoLog
{
    public List<ThermoSample> Samples { get; } = new();

    public void Write(string path)
    {
        using var w = AtomicFile.Create(path);
        w.Writer.WriteLine("# " + ThermoSample.Header);
        foreach (var s in Samples) w.Writer.WriteLine(s.Format());
        w.Commit();
    }

    /// <summary>Reads a log written by <see cref="Write"/>, keeping rows with step ≤ <paramref name="lastStep"/>.</summary>
    public static ThermoLog Read(string path, long lastStep = long.MaxValue)
    {
        var log = new ThermoLog();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 9) throw new InvalidDataException($"{path}:{number}: expected 9 columns ({ThermoSample.Header}), got {f.Length}");
            double D(int k) => double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new InvalidDataException($"{path}:{number}: column {k + 1} '{f[k]}' is not a number");
            long step = long.Parse(f[0], CultureInfo.InvariantCulture);
            if (step > lastStep) break;
            log.Samples.Add(new ThermoSample(step, D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8)));
        }
        return log;
    }
}
