using BenchmarkDotNet.Running;

namespace LowRankMlip.Perf;

/// <summary>
/// Entry point of the benchmark suites (style-anchors practice 11). Every BenchmarkDotNet switch works
/// (<c>--filter</c>, <c>--list flat</c>, <c>--artifacts</c>, …); two switches of our own are read first:
/// <c>--short</c> (2 warm-up + 5 measured iterations, one launch) and <c>--paths AVX-512,AVX2,Scalar</c>
/// (which of the three environment jobs to run; all three by default). Returns 1 when a benchmark fails
/// or a filter selects nothing.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Stopwatch stage profile of the latent-radial evaluator (not a BenchmarkDotNet run): --latent-profile [Case] [seconds].
        if (args.Length > 0 && args[0] == "--latent-profile") return LatentStageProfile.Run(args[1..]);
        // One benchmark method repeated outside BenchmarkDotNet (quick A/B, profilers): --repeat CLASS METHOD REPS [Param=Value].
        if (args.Length > 0 && args[0] == "--repeat") return RepeatDriver.Run(args[1..]);
        var (config, rest) = PerfConfig.FromArgs(args);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config).ToList();
        if (rest.Contains("--list") || rest.Contains("--help") || rest.Contains("--version") || rest.Contains("--info")) return 0;
        if (summaries.Count == 0 || summaries.All(s => s.Reports.IsEmpty))
        {
            Console.Error.WriteLine("LowRankMlip.Perf: no benchmark ran (check --filter)");
            return 1;
        }
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        if (failed) Console.Error.WriteLine("LowRankMlip.Perf: at least one benchmark failed");
        return failed ? 1 : 0;
    }
}
