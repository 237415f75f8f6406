using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;

namespace LowRankMlip.Perf;

/// <summary>
/// The three whole-process kernel paths as BenchmarkDotNet jobs (dotnet-notes §2, §3):
/// <list type="bullet">
/// <item><c>AVX-512</c>: default environment; <see cref="Mtp.Kernels.Common.KernelDispatch.Best"/> is Vector512 on an AVX-512 machine.</item>
/// <item><c>AVX2</c>: <c>DOTNET_EnableAVX512=0</c> (not <c>…AVX512F=0</c>, which .NET 10 ignores); Vector256 path.</item>
/// <item><c>Scalar</c>: <c>DOTNET_EnableHWIntrinsic=0</c>; scalar path, no FMA. The baseline of the Ratio column.</item>
/// </list>
/// </summary>
public static class PerfConfig
{
    public const string Avx512 = "AVX-512", Avx2 = "AVX2", Scalar = "Scalar";

    public static Job MakeJob(string id, bool shortRun)
    {
        var job = Job.Default;
        if (shortRun)
            job = job.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5)
                     .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(200));
        job = id switch
        {
            Avx512 => job,
            Avx2 => job.WithEnvironmentVariable("DOTNET_EnableAVX512", "0"),
            Scalar => job.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").AsBaseline(),
            _ => throw new ArgumentException($"unknown path '{id}': expected {Avx512}, {Avx2} or {Scalar}"),
        };
        return job.WithId(id);
    }

    /// <summary>Builds the config from our own switches and returns the remaining arguments for BenchmarkSwitcher.</summary>
    public static (IConfig Config, string[] Remaining) FromArgs(string[] args)
    {
        bool shortRun = false;
        string[] paths = [Avx512, Avx2, Scalar];
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--short") shortRun = true;
            else if (args[i] == "--paths" && i + 1 < args.Length)
                paths = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            else rest.Add(args[i]);
        }
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithSummaryStyle(DefaultConfig.Instance.SummaryStyle.WithMaxParameterColumnWidth(24));
        foreach (var p in paths) config.AddJob(MakeJob(p, shortRun));
        return (config, rest.ToArray());
    }
}
