using System.Globalization;
using LowRankMlip.Io;

namespace LowRankMlip.Simulation.Analysis;

/// <summary>One density-versus-temperature point of a model (issue 8 §4).</summary>
public sealed record DensityRow(string Model, double TemperatureK, double Density, double StandardError)
{
    /// <summary>(ρ_model − ρ_teacher)/ρ_teacher in per cent at the same temperature; null when there is no teacher row.</summary>
    public double? DeviationFromTeacherPct { get; init; }
}

/// <summary>
/// results/flinak/density.csv: columns model, temperature_k, density_g_cm3, stderr_g_cm3,
/// deviation_from_teacher_pct. New rows replace the rows of the same model and temperature; the deviation
/// column is recomputed for every row from the teacher rows. Written atomically.
/// </summary>
public static class DensityTable
{
    public const string Header = "model,temperature_k,density_g_cm3,stderr_g_cm3,deviation_from_teacher_pct";
    public const string TeacherModel = "teacher";

    public static List<DensityRow> Read(string path)
    {
        var rows = new List<DensityRow>();
        if (!File.Exists(path)) return rows;
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number == 1)
            {
                if (line.Trim() != Header) throw new InvalidDataException($"{path}: the header must be '{Header}'");
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(',');
            if (f.Length != 5) throw new InvalidDataException($"{path}:{number}: expected 5 columns, got {f.Length}");
            double D(int k) => double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : throw new InvalidDataException($"{path}:{number}: column {k + 1} '{f[k]}' is not a number");
            rows.Add(new DensityRow(f[0], D(1), D(2), D(3)));
        }
        return rows;
    }

    /// <summary>
    /// Existing rows with <paramref name="added"/> merged in and the rows of <paramref name="removed"/> (model,
    /// temperature; e.g. runs that went unstable) dropped, deviations recomputed, sorted by model then temperature.
    /// </summary>
    public static List<DensityRow> Merge(IEnumerable<DensityRow> existing, IReadOnlyCollection<DensityRow> added,
        IEnumerable<(string Model, double TemperatureK)>? removed = null)
    {
        var keys = added.Select(r => (r.Model, r.TemperatureK)).Concat(removed ?? []).ToHashSet();
        var all = existing.Where(r => !keys.Contains((r.Model, r.TemperatureK))).Concat(added).ToList();
        var teacher = all.Where(r => r.Model == TeacherModel).ToDictionary(r => r.TemperatureK, r => r.Density);
        return all
            .Select(r => r with { DeviationFromTeacherPct = teacher.TryGetValue(r.TemperatureK, out double t) ? 100 * (r.Density - t) / t : null })
            .OrderBy(r => r.Model == TeacherModel ? 0 : 1).ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.TemperatureK)
            .ToList();
    }

    public static void Write(string path, IEnumerable<DensityRow> rows)
    {
        using var w = AtomicFile.Create(path);
        w.Writer.WriteLine(Header);
        foreach (var r in rows)
            w.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model},{r.TemperatureK:F0},{r.Density:F5},{r.StandardError:F5},{(r.DeviationFromTeacherPct is { } d ? d.ToString("F3", CultureInfo.InvariantCulture) : "")}"));
        w.Commit();
    }
}
