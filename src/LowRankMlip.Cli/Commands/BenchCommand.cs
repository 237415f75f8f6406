using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LowRankMlip.Compression;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Cli.Commands;

/// <summary>
/// lrmlip bench: evaluation throughput of a potential on a data set, without harness overhead: data and
/// neighbour lists are prepared first, then whole passes over the set are timed on 1 and N threads.
/// </summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "evaluation throughput (µs/atom, atoms/s per core, flops/atom, fraction of peak) on 1 and N threads";
    public IReadOnlySet<string> Flags => new HashSet<string> { "json" };
    private const string Usage = "lrmlip bench POT DATA [--threads N] [--repeat R] [--species A,B,…] [--kernel PATH] [--clock-ghz F] [--fma-units U] [--json]";

    public string Help => $"""
        usage: {Usage}

        POT is an MTP or an ACE potential (.yace; then flops and peak are not reported).
        Loads DATA and builds its neighbour lists, runs one untimed warm-up pass, then times R passes
        (default 3, median reported) of energy+forces+virial over every configuration on 1 thread and
        on N threads (default: all cores). Reports µs/atom (wall time / atoms), atoms/s per core, the
        neighbour-list time per atom, the useful flops per atom counted from the basis tables and the
        fraction of this core's peak double-precision rate.

        Flops per atom (n = neighbours per atom, K radial functions, R basis size, Nb basic moments,
        Nm monomials, Nt contraction rows, Ns basis functions), counting an FMA as 2:
          n·(12R + 4KR + Nm + 2Nb + 4Nb + 12·Nu + 40) + 7·Nt + 2·Ns
        (radial basis and its derivative, radial functions and derivatives, monomials, moment
        accumulation, backward pass over the Nu used monomials, scatter; contraction forward and reverse).
        Peak per core = clock × FMA units × (FMA width / 64 bits) × 2 flops, with the FMA width of the
        kernel path in use (512 bits for AVX-512, 256 for AVX2, 64 for scalar) capped at the unit width
        (--fma-width, default 256: Zen 4 executes a 512-bit FMA on two 256-bit units); defaults:
        --fma-units 2, --clock-ghz from /proc/cpuinfo.

        {CommonOptions.ThreadsHelp}
          --repeat R        timed passes per thread count (default 3)
        {CommonOptions.SpeciesHelp}
        {CommonOptions.KernelHelp}
          --json            one JSON object on stdout (keys include us_per_atom, us_per_atom_threads, flops_per_atom, peak_fraction)

        example: lrmlip bench pot.mtp training.cfg --json
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        int threads = CommonOptions.Threads(args);
        int repeat = args.GetInt("repeat", 3, min: 1);
        var species = CommonOptions.Species(args);
        var kernel = CommonOptions.Kernel(args);
        bool json = args.Flag("json");
        double clock = ParseDouble(args.Get("clock-ghz"), "clock-ghz") ?? CpuClockGhz();
        int fmaUnits = args.GetInt("fma-units", 2, min: 1);
        int fmaWidth = args.GetInt("fma-width", 256, min: 64);
        args.Validate(2, 2, Usage);
        if (Ace.YaceFile.IsYace(args.Positional[0]))
            return AceBench.Run(args.Positional[0], args.Positional[1], kernel, threads, repeat, json, stdout);

        var (potential, evaluator) = CommonOptions.LoadEvaluator(args.Positional[0], kernel);
        var configurations = CommonOptions.ReadMapped(args.Positional[1], potential, species).ToList();
        long atoms = configurations.Sum(c => (long)c.AtomCount);
        if (atoms == 0) throw new ArgumentException($"{args.Positional[1]}: no atoms");

        var nlClock = Stopwatch.StartNew();
        var lists = configurations.Select(c => NeighborList.Build(c, evaluator.Cutoff)).ToArray();
        double nlSeconds = nlClock.Elapsed.TotalSeconds;
        long pairs = lists.Sum(l => (long)l.PairCount);

        double one = TimePasses(evaluator, configurations, lists, 1, repeat);
        double many = threads > 1 ? TimePasses(evaluator, configurations, lists, threads, repeat) : one;
        // Timed in the same run: the dense kernels, and for a compressed potential of μ-rank r < K the latent
        // kernels at full rank r = K (the control: same kernel organization, no rank saving).
        double dense = TimePasses(new MtpEvaluator(potential, kernel), configurations, lists, 1, repeat);
        double? fullRankLatent = evaluator.Latent is { } latent && latent.Rank < potential.RadialFunctionCount
            ? TimePasses(new MtpEvaluator(potential, EvaluatorFactory.FullRank(potential), kernel), configurations, lists, 1, repeat)
            : null;

        double neighbours = (double)pairs / atoms;
        double flops = FlopsPerAtom(potential, neighbours);
        int laneBits = KernelDispatch.LaneCount(evaluator.Path) * 64;
        double peak = clock * 1e9 * fmaUnits * (Math.Min(laneBits, fmaWidth) / 64.0) * 2;
        double usPerAtom = one / atoms * 1e6;
        double achieved = flops / (usPerAtom * 1e-6);
        var report = new Dictionary<string, object>
        {
            ["potential"] = args.Positional[0], ["data"] = args.Positional[1], ["level"] = potential.Level,
            ["configurations"] = configurations.Count, ["atoms"] = atoms, ["neighbours_per_atom"] = neighbours,
            ["kernel_path"] = KernelDispatch.Describe(evaluator.Path), ["threads"] = threads, ["repeat"] = repeat,
            ["us_per_atom"] = usPerAtom, ["atoms_per_s_per_core"] = atoms / one,
            ["us_per_atom_threads"] = many / atoms * 1e6, ["atoms_per_s_per_core_threads"] = atoms / many / threads,
            ["thread_speedup"] = one / many, ["neighbor_list_us_per_atom"] = nlSeconds / atoms * 1e6,
            ["flops_per_atom"] = flops, ["gflops_per_s_core"] = achieved / 1e9, ["clock_ghz"] = clock,
            ["fma_units"] = fmaUnits, ["fma_width_bits"] = fmaWidth, ["peak_gflops_per_s_core"] = peak / 1e9,
            ["peak_fraction"] = achieved / peak,
            ["latent_rank"] = evaluator.Latent?.Rank ?? potential.RadialFunctionCount,
        };
        report["dense_us_per_atom"] = dense / atoms * 1e6;
        report["speedup_over_dense"] = dense / one;
        if (fullRankLatent is double f)
        {
            report["latent_full_rank_us_per_atom"] = f / atoms * 1e6;
            report["speedup_over_full_rank_latent"] = f / one;
        }
        if (json) stdout.WriteLine(JsonSerializer.Serialize(report));
        else
        {
            stdout.WriteLine($"level {potential.Level}, {configurations.Count} configurations, {atoms} atoms, {neighbours.ToString("F1", inv)} neighbours/atom, {KernelDispatch.Describe(evaluator.Path)}");
            stdout.WriteLine($"1 thread:   {usPerAtom.ToString("F2", inv)} µs/atom   {(atoms / one).ToString("F0", inv)} atoms/s");
            stdout.WriteLine($"{threads} threads:  {(many / atoms * 1e6).ToString("F2", inv)} µs/atom   {(atoms / many / threads).ToString("F0", inv)} atoms/s per core   speed-up {(one / many).ToString("F2", inv)}");
            int rank = evaluator.Latent?.Rank ?? potential.RadialFunctionCount;
            stdout.WriteLine($"latent kernels, μ-rank {rank} of K = {potential.RadialFunctionCount}: {(dense / one).ToString("F2", inv)}× the dense evaluator ({(dense / atoms * 1e6).ToString("F2", inv)} µs/atom)" +
                (fullRankLatent is double ff ? $", {(ff / one).ToString("F2", inv)}× the latent kernels at full rank ({(ff / atoms * 1e6).ToString("F2", inv)} µs/atom)" : ""));
            stdout.WriteLine($"neighbour lists: {(nlSeconds / atoms * 1e6).ToString("F2", inv)} µs/atom (not included above)");
            stdout.WriteLine($"flops/atom: {flops.ToString("F0", inv)}  →  {(achieved / 1e9).ToString("F2", inv)} GFLOP/s per core = {(100 * achieved / peak).ToString("F1", inv)} % of peak {(peak / 1e9).ToString("F1", inv)} GFLOP/s ({clock.ToString("F2", inv)} GHz × {fmaUnits} FMA × {Math.Min(laneBits, fmaWidth) / 64} lanes × 2)");
        }
        return 0;
    }

    /// <summary>Median wall time of <paramref name="repeat"/> passes over the set after one warm-up pass.</summary>
    internal static double TimePasses(IConfigurationEvaluator evaluator, List<Configuration> cfgs, NeighborList[] lists, int threads, int repeat)
    {
        var workers = Enumerable.Range(0, threads).Select(_ => evaluator.CreateWorker()).ToArray();
        var results = Enumerable.Range(0, threads).Select(_ => new EfsResult()).ToArray();
        void Pass() => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, w =>
        {
            for (int k = w; k < cfgs.Count; k += threads) workers[w](cfgs[k], lists[k], results[w]);
        });
        Pass();
        var times = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            Pass();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Useful flops per atom from the basis tables (formula in the help text).</summary>
    public static double FlopsPerAtom(MtpPotential p, double neighbours)
    {
        var b = p.Basis;
        int K = p.RadialFunctionCount, R = p.RadialBasisSize, Nb = b.BasicCount, Nt = b.TimesCount, Ns = b.ScalarCount;
        int maxNu = b.MaxNu;
        int monomials = (maxNu + 1) * (maxNu + 2) * (maxNu + 3) / 6;
        int used = Enumerable.Range(0, Nb).Select(n => (b.BasicRows[4 * n + 1], b.BasicRows[4 * n + 2], b.BasicRows[4 * n + 3])).Distinct().Count();
        double perNeighbour = 12.0 * R + 4.0 * K * R + monomials + 2.0 * Nb + 4.0 * Nb + 12.0 * used + 40;
        return neighbours * perNeighbour + 7.0 * Nt + 2.0 * Ns;
    }

    private static double? ParseDouble(string? s, string name) =>
        s is null ? null : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new UsageException($"--{name} expects a positive number, got '{s}'");

    /// <summary>Clock from /proc/cpuinfo ("cpu MHz"), else 2.5 GHz.</summary>
    private static double CpuClockGhz()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("cpu MHz", StringComparison.Ordinal) &&
                    double.TryParse(line[(line.IndexOf(':') + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mhz))
                    return mhz / 1000;
        }
        catch (IOException) { }
        return 2.5;
    }

}
