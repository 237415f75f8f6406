using System.Globalization;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Cli.Commands;

/// <summary>Options shared by the simulation verbs (generate, md): number lists, the teacher's settings, the thermostat.</summary>
internal static class SimulationOptions
{
    public const string TeacherHelp = """
          --cutoff Å            teacher short-range and real-space cutoff (default 9)
          --coulomb KIND        ewald | dsf (default ewald)
          --ewald-accuracy δ    relative Ewald accuracy fixing α and k_max (default 1e-5)
          --dsf-alpha α         DSF damping in 1/Å (default 0.25)
          --set P|S             Tosi–Fumi mixing set (default P, flinak-teacher §3.2)
          --no-core             drop the §5 repulsive core (not recommended for hot melts)
        """;

    public static double Double(CliArguments a, string name, double defaultValue, double min = double.NegativeInfinity)
    {
        var s = a.Get(name);
        if (s is null) return defaultValue;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min)
            throw new UsageException($"--{name} expects a number ≥ {min.ToString(CultureInfo.InvariantCulture)}, got '{s}'");
        return v;
    }

    public static IReadOnlyList<double> Doubles(CliArguments a, string name, IReadOnlyList<double> defaultValue)
    {
        var s = a.Get(name);
        if (s is null) return defaultValue;
        var parts = s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new List<double>();
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || !double.IsFinite(v))
                throw new UsageException($"--{name} expects a comma-separated list of positive numbers, got '{s}'");
            values.Add(v);
        }
        if (values.Count == 0) throw new UsageException($"--{name} is empty");
        return values;
    }

    public static ulong Seed(CliArguments a)
    {
        var s = a.Get("seed");
        if (s is null) return 1;
        return ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v) ? v
            : throw new UsageException($"--seed expects a non-negative integer, got '{s}'");
    }

    public static RigidIonTeacher Teacher(CliArguments a)
    {
        var set = a.Get("set") switch
        {
            null or "P" or "p" => TosiFumiSet.P,
            "S" or "s" => TosiFumiSet.S,
            var s => throw new UsageException($"--set expects P or S, got '{s}'"),
        };
        var electrostatics = a.Get("coulomb") switch
        {
            null or "ewald" => Electrostatics.Ewald,
            "dsf" => Electrostatics.DampedShiftedForce,
            var s => throw new UsageException($"--coulomb expects ewald or dsf, got '{s}'"),
        };
        bool core = !a.Flag("no-core");
        var settings = new RigidIonSettings
        {
            Cutoff = Double(a, "cutoff", 9, min: 1),
            Electrostatics = electrostatics,
            EwaldAccuracy = Double(a, "ewald-accuracy", 1e-5, min: 1e-16),
            DsfAlpha = Double(a, "dsf-alpha", 0.25, min: 1e-6),
        };
        return new RigidIonTeacher(TosiFumiModel.Flinak(set, core), settings);
    }

    public static ThermostatKind Thermostat(CliArguments a) => a.Get("thermostat") switch
    {
        null or "nhc" => ThermostatKind.NoseHooverChain,
        "langevin" => ThermostatKind.Langevin,
        var s => throw new UsageException($"--thermostat expects nhc or langevin, got '{s}'"),
    };
}
