using System.Globalization;
using System.Text.Json;
using LowRankMlip.Ace;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip bench for an ACE potential: µs/atom on 1 and N threads over prepared neighbour lists.</summary>
internal static class AceBench
{
    public static int Run(string potentialPath, string dataPath, KernelPath kernel, int threads, int repeat, bool json, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        var potential = YaceFile.Read(potentialPath);
        var evaluator = new AceEvaluator(potential, kernel);
        var configurations = CommonOptions.ReadMapped(dataPath, potential).ToList();
        long atoms = configurations.Sum(c => (long)c.AtomCount);
        if (atoms == 0) throw new ArgumentException($"{dataPath}: no atoms");
        var lists = configurations.Select(c => NeighborList.Build(c, evaluator.Cutoff)).ToArray();
        double neighbours = (double)lists.Sum(l => (long)l.PairCount) / atoms;
        double one = BenchCommand.TimePasses(evaluator, configurations, lists, 1, repeat);
        double many = threads > 1 ? BenchCommand.TimePasses(evaluator, configurations, lists, threads, repeat) : one;
        // CPU time of the evaluating thread: on a shared, loaded machine it counts the work, not the waiting.
        double cpu = CpuPasses(evaluator, configurations, lists, repeat);
        // Control timed in the same run when the latent path is in use: the dense (n, l) evaluation of the same crad.
        var denseEvaluator = evaluator.LatentRank is null ? null : new AceEvaluator(potential, kernel, allowLatent: false);
        double? dense = denseEvaluator is null ? null : BenchCommand.TimePasses(denseEvaluator, configurations, lists, 1, repeat);
        double? denseCpu = denseEvaluator is null ? null : CpuPasses(denseEvaluator, configurations, lists, repeat);
        var report = new Dictionary<string, object>
        {
            ["potential"] = potentialPath, ["data"] = dataPath, ["model"] = "ACE",
            ["configurations"] = configurations.Count, ["atoms"] = atoms, ["neighbours_per_atom"] = neighbours,
            ["kernel_path"] = KernelDispatch.Describe(evaluator.Path), ["threads"] = threads, ["repeat"] = repeat,
            ["us_per_atom"] = one / atoms * 1e6, ["atoms_per_s_per_core"] = atoms / one,
            ["us_per_atom_threads"] = many / atoms * 1e6, ["atoms_per_s_per_core_threads"] = atoms / many / threads,
            ["thread_speedup"] = one / many,
            ["radial_parameters"] = potential.RadialParameterCount,
            ["factored_radial_rank"] = evaluator.FactoredRadialRank ?? 0,
            ["latent_rank"] = evaluator.LatentRank ?? 0,
            ["evaluation_path"] = evaluator.EvaluationPathDescription,
            ["us_per_atom_dense_path"] = dense is double dd ? dd / atoms * 1e6 : one / atoms * 1e6,
            ["cpu_us_per_atom"] = cpu / atoms * 1e6,
            ["cpu_us_per_atom_dense_path"] = (denseCpu ?? cpu) / atoms * 1e6,
        };
        if (json) stdout.WriteLine(JsonSerializer.Serialize(report));
        else
        {
            stdout.WriteLine($"ACE, {configurations.Count} configurations, {atoms} atoms, {neighbours.ToString("F1", inv)} neighbours/atom, {KernelDispatch.Describe(evaluator.Path)}, " +
                evaluator.EvaluationPathDescription);
            stdout.WriteLine($"1 thread:   {(one / atoms * 1e6).ToString("F2", inv)} µs/atom   {(atoms / one).ToString("F0", inv)} atoms/s");
            stdout.WriteLine($"{threads} threads:  {(many / atoms * 1e6).ToString("F2", inv)} µs/atom   {(atoms / many / threads).ToString("F0", inv)} atoms/s per core   speed-up {(one / many).ToString("F2", inv)}");
            stdout.WriteLine($"1 thread, CPU time: {(cpu / atoms * 1e6).ToString("F2", inv)} µs/atom");
            if (dense is double d && denseCpu is double dc)
                stdout.WriteLine($"latent path: {(d / one).ToString("F2", inv)}× the dense (n, l) path on one thread ({(d / atoms * 1e6).ToString("F2", inv)} µs/atom; " +
                    $"CPU time {(dc / cpu).ToString("F2", inv)}×, {(dc / atoms * 1e6).ToString("F2", inv)} µs/atom)");
        }
        return 0;
    }

    /// <summary>Median process CPU time of <paramref name="repeat"/> single-thread passes after one warm-up pass.</summary>
    private static double CpuPasses(AceEvaluator evaluator, List<Configuration> cfgs, NeighborList[] lists, int repeat)
    {
        var worker = evaluator.CreateWorker();
        var result = new Mtp.EfsResult();
        void Pass() { for (int k = 0; k < cfgs.Count; k++) worker(cfgs[k], lists[k], result); }
        Pass();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var times = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            Pass();
            process.Refresh();
            times.Add((process.TotalProcessorTime - before).TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
