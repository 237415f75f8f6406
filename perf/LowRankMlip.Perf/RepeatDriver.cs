using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace LowRankMlip.Perf;

/// <summary>
/// Runs one benchmark method of the suites a given number of times outside BenchmarkDotNet and prints a
/// rough µs per call: a quick A/B check between two builds, and a plain process to attach a profiler or
/// <c>DOTNET_JitDisasm</c> to. Usage: <c>--repeat CLASS METHOD REPS [Param=Value …]</c>, e.g.
/// <c>--repeat TrainingBenchmarks LinearDesign 200 Case=Cubic20</c> (with <c>DOTNET_TieredCompilation=0</c>
/// every method is fully optimized from its first call). The setup runs once and the method once more as
/// warm-up. Not a substitute for BenchmarkDotNet's statistics.
/// </summary>
public static class RepeatDriver
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int reps))
        {
            Console.Error.WriteLine("usage: --repeat CLASS METHOD REPS [Param=Value ...]");
            return 2;
        }
        var type = typeof(RepeatDriver).Assembly.GetTypes().FirstOrDefault(t => t.Name == args[0]);
        if (type is null) { Console.Error.WriteLine($"--repeat: no benchmark class '{args[0]}'"); return 2; }
        var method = type.GetMethods().FirstOrDefault(m => m.Name == args[1] && m.GetCustomAttribute<BenchmarkAttribute>() is not null);
        if (method is null || method.ReturnType != typeof(double) || method.GetParameters().Length != 0)
        {
            Console.Error.WriteLine($"--repeat: {args[0]} has no parameterless [Benchmark] method '{args[1]}' returning double");
            return 2;
        }
        object instance = Activator.CreateInstance(type)!;
        foreach (var assignment in args[3..])
        {
            int eq = assignment.IndexOf('=');
            var field = eq > 0 ? type.GetField(assignment[..eq]) : null;
            if (field is null) { Console.Error.WriteLine($"--repeat: {args[0]} has no parameter '{assignment}' (expected Name=Value)"); return 2; }
            field.SetValue(instance, Convert.ChangeType(assignment[(eq + 1)..], field.FieldType, CultureInfo.InvariantCulture));
        }
        type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
        var call = method.CreateDelegate<Func<double>>(instance);
        double sink = call();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < reps; i++) sink += call();
        double us = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds / Math.Max(reps, 1);
        // The time is a rough wall-clock figure (no warm-up statistics); BenchmarkDotNet gives the real one.
        Console.WriteLine($"{args[0]}.{args[1]} × {reps}: {us.ToString("F2", CultureInfo.InvariantCulture)} µs per call, checksum {sink.ToString("R", CultureInfo.InvariantCulture)}");
        return 0;
    }
}
