using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// Full (dense) evaluator versus the latent-radial evaluator (<see cref="LatentRadial"/>) of the same
/// potential truncated to μ-rank r (best rank-r approximation of the μ-unfolding, SVD): one
/// <see cref="MtpEvaluator.Evaluate(Configuration, NeighborList, EvaluatorWorkspace, EfsResult)"/> with a warm
/// workspace. <c>Model</c> = <c>Case/dense</c> or <c>Case/rN</c>; r = K is a control (no compression: what
/// the latent kernels' regrouping alone gives). Cases: <c>Cubic16</c>, <c>Cubic20</c> (first cubic Cu
/// configuration, 32 atoms, levels 16 and 20), <c>Mo20</c> (mlearn Mo fitted level-20 MTP of Zuo et al.
/// 2020, first AIMD-NVT configuration of its test set, 54 atoms). Columns: µs/atom and the speed-up
/// over the dense model of the same case and job.
/// </summary>
/// The disassembly export (depth 4 reaches the latent kernels below Evaluate) shows the 512-bit FMA code.
[Config(typeof(LatentColumnsConfig))]
[DisassemblyDiagnoser(maxDepth: 4, exportGithubMarkdown: true)]
public class LatentEvaluatorBenchmarks
{
    public static IEnumerable<string> Models =>
    [
        "Cubic16/dense", "Cubic16/r1", "Cubic16/r2", "Cubic16/r3", "Cubic16/r4",
        "Cubic20/dense", "Cubic20/r1", "Cubic20/r2", "Cubic20/r3", "Cubic20/r4", "Cubic20/r5",
        "Mo20/dense", "Mo20/r1", "Mo20/r2", "Mo20/r3", "Mo20/r4", "Mo20/r5",
    ];

    [ParamsSource(nameof(Models))]
    public string Model = "";

    private MtpEvaluator _evaluator = null!;
    private Configuration _cfg = null!;
    private NeighborList _list = null!;
    private EvaluatorWorkspace _ws = null!;
    private readonly EfsResult _result = new();

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = LatentCases.CreateEvaluator(Model, KernelPath.Auto, out _cfg);
        _list = NeighborList.Build(_cfg, _evaluator.Cutoff);
        _ws = _evaluator.CreateWorkspace();
        _evaluator.Evaluate(_cfg, _list, _ws, _result); // warm the grow-only buffers
        var pot = _evaluator.Potential;
        Console.WriteLine($"// {Model}: level {pot.Level}, K = {pot.RadialFunctionCount}, {_cfg.AtomCount} atoms, {_list.PairCount} pairs, " +
                          $"path {KernelDispatch.Describe(_evaluator.Path)}, plan {(_evaluator.LatentPlan?.ToString() ?? "dense")}");
    }

    [Benchmark]
    public double Evaluate()
    {
        _evaluator.Evaluate(_cfg, _list, _ws, _result);
        return _result.Energy;
    }
}

/// <summary>Loading and truncation of the benchmark models (shared by the benchmark host and its child processes).</summary>
public static class LatentCases
{
    private static readonly Dictionary<string, (MtpPotential Potential, Configuration Configuration)> Cache = new();

    public static (string Case, int Rank) Parse(string model)
    {
        var parts = model.Split('/');
        if (parts.Length != 2) throw new ArgumentException($"model '{model}': expected Case/dense or Case/rN");
        if (parts[1] == "dense") return (parts[0], 0);
        if (parts[1].StartsWith('r') && int.TryParse(parts[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int r) && r > 0) return (parts[0], r);
        throw new ArgumentException($"model '{model}': expected Case/dense or Case/rN");
    }

    public static (MtpPotential Potential, Configuration Configuration) Load(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var hit)) return hit;
            (MtpPotential, Configuration) value;
            if (name == "Mo20")
            {
                var pot = PerfData.ReadPotential(PerfData.Path("mlearn-zuo2020", "fitted-mtp", "Mo", "fitted.mtp"));
                // Configurations 0–2 are vacancy cells, 3 the first AIMD-NVT snapshot (54-atom bcc).
                value = (pot, PerfData.ReadFirst(PerfData.Path("mlearn-zuo2020", "data", "Mo", "test.json"), 4, pot)[3]);
            }
            else value = PerfData.LoadCase(name);
            Cache[name] = value;
            return value;
        }
    }

    public static int AtomCount(string model) => Load(Parse(model).Case).Configuration.AtomCount;

    /// <summary>The potential's radial tensor factored by SVD and truncated to <paramref name="rank"/>.</summary>
    public static LatentRadial Truncated(MtpPotential pot, int rank)
    {
        int pairs = pot.SpeciesCount * pot.SpeciesCount;
        return LatentRadial.FromDense(pot.RadialCoeffs, pairs, pot.RadialFunctionCount, pot.RadialBasisSize, relativeTolerance: 0)
            .Truncate(rank, pot.RadialBasisSize);
    }

    public static MtpEvaluator CreateEvaluator(string model, KernelPath path, out Configuration configuration)
    {
        var (name, rank) = Parse(model);
        var (pot, cfg) = Load(name);
        configuration = cfg;
        if (rank > pot.RadialFunctionCount) throw new ArgumentException($"{model}: rank {rank} > K = {pot.RadialFunctionCount}");
        return rank == 0 ? new MtpEvaluator(pot, path) : new MtpEvaluator(pot, Truncated(pot, rank), path);
    }
}

/// <summary>
/// The µs/atom and speed-up columns of <see cref="LatentEvaluatorBenchmarks"/>, from the mean and from the minimum
/// iteration (the minimum is the more robust estimate on a shared machine, where other processes only add time).
/// </summary>
public sealed class LatentColumnsConfig : ManualConfig
{
    public LatentColumnsConfig()
    {
        AddColumn(new PerAtomColumn(false), new SpeedupColumn(false), new PerAtomColumn(true), new SpeedupColumn(true));
    }

    private static double? Statistic(Summary summary, BenchmarkCase benchmarkCase, bool min)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return stats is null ? null : min ? stats.Min : stats.Mean;
    }

    private sealed class PerAtomColumn(bool min) : IColumn
    {
        public string Id => "LatentPerAtom" + (min ? "Min" : "Mean");
        public string ColumnName => min ? "min µs/atom" : "µs/atom";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => min ? 2 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => (min ? "Minimum" : "Mean") + " time per atom of the configuration (µs)";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var value = Statistic(summary, benchmarkCase, min);
            if (value is null || benchmarkCase.Parameters["Model"] is not string model) return "NA";
            return (value.Value / 1000 / LatentCases.AtomCount(model)).ToString("F2", CultureInfo.InvariantCulture);
        }
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }

    private sealed class SpeedupColumn(bool min) : IColumn
    {
        public string Id => "LatentSpeedup" + (min ? "Min" : "Mean");
        public string ColumnName => min ? "min vs dense" : "vs dense";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => min ? 3 : 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"Speed-up over Case/dense in the same job ({(min ? "minimum" : "mean")} dense time / this time)";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var value = Statistic(summary, benchmarkCase, min);
            if (benchmarkCase.Parameters["Model"] is not string model || value is null) return "NA";
            string dense = LatentCases.Parse(model).Case + "/dense";
            var baseline = summary.BenchmarksCases.FirstOrDefault(b =>
                b.Parameters["Model"] is string m && m == dense && b.Job.Id == benchmarkCase.Job.Id && b.Descriptor == benchmarkCase.Descriptor);
            var baseValue = baseline is null ? null : Statistic(summary, baseline, min);
            return baseValue is null ? "NA" : (baseValue.Value / value.Value).ToString("F2", CultureInfo.InvariantCulture) + "x";
        }
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}

/// <summary>
/// Per-stage profile of one evaluation (<c>LowRankMlip.Perf --latent-profile [Case] [seconds]</c>): replays the
/// evaluator's loop (<see cref="MtpEvaluator"/>'s Run / RunLatent) stage by stage with
/// <see cref="Stopwatch.GetTimestamp"/> around each stage, for the dense kernels and every latent rank,
/// on the process's widest kernel path. The time is split into chunks of ≈ 0.1 s and each stage reports its
/// minimum over the chunks (robust to other processes on a shared machine). Stages, µs per atom:
/// <list type="bullet">
/// <item>gather: neighbour block of the atom (dense: twice per atom when W &gt; 1);</item>
/// <item>forward: dense = Prepare (geometry, K radial functions, monomial table) + AccumulateMoments;
///   latent = the fused Forward (geometry, H functions, monomials per slot vector, row accumulators);</item>
/// <item>mix: latent only, row moments → basic moments and basic adjoints → entry coefficients;</item>
/// <item>contraction: Forward + Reverse per batch of W atoms;</item>
/// <item>backward: dense = Prepare again (W &gt; 1) + Backward; latent = Backward (monomials recomputed per slot pair).</item>
/// </list>
/// "other" = the minimum <c>Evaluate</c> time minus the stages (force/virial scatter, copies, timer overhead).
/// </summary>
public static class LatentStageProfile
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "kernels") return Kernels(args[1..]);
        string name = args.Length > 0 ? args[0] : "Cubic20";
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        var (pot, cfg) = LatentCases.Load(name);
        var list = NeighborList.Build(cfg, pot.MaxDist);
        Console.WriteLine($"{name}: level {pot.Level}, K = {pot.RadialFunctionCount}, {cfg.AtomCount} atoms, {list.PairCount} pairs, " +
                          $"path {KernelDispatch.Describe(KernelPath.Auto)}, {seconds} s per model and measurement");
        Console.WriteLine("| model | functions H | rows | backward coeffs | gather | forward | mix | contraction | backward | other | Evaluate µs/atom | vs dense |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double denseTotal = 0;
        for (int rank = 0; rank <= pot.RadialFunctionCount; rank++)
        {
            var st = KernelDispatch.Best switch
            {
                KernelPath.Vector512 => Profile<Lane512, Vector512<double>>(pot, cfg, list, rank, seconds),
                KernelPath.Vector256 => Profile<Lane256, Vector256<double>>(pot, cfg, list, rank, seconds),
                _ => Profile<Lane1, double>(pot, cfg, list, rank, seconds),
            };
            if (rank == 0) denseTotal = st.Total;
            double other = st.Total - st.Gather - st.Forward - st.Mix - st.Contraction - st.Backward;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(rank == 0 ? "dense" : "r" + rank)} | {st.Plan} | {st.Gather:F2} | {st.Forward:F2} | {st.Mix:F2} | {st.Contraction:F2} | {st.Backward:F2} | {other:F2} | {st.Total:F2} | {denseTotal / st.Total:F2}x |"));
        }
        return 0;
    }

    private sealed record Stages(string Plan, double Gather, double Forward, double Mix, double Contraction, double Backward, double Total);

    private static Stages Profile<TS, TV>(MtpPotential potential, Configuration cfg, NeighborList nl, int rank, double seconds)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int n = cfg.AtomCount;
        int S = potential.SpeciesCount, R = potential.RadialBasisSize;
        var evaluator = rank == 0 ? new MtpEvaluator(potential) : new MtpEvaluator(potential, LatentCases.Truncated(potential, rank));
        var pot = evaluator.Potential; // the composed tensor for a latent evaluator
        var t = new KernelTables(pot.Basis, pot.RadialFunctionCount);
        var scaledDense = pot.RadialCoeffs!.Select(c => c * pot.Scaling).ToArray();
        LatentTables? lt = rank == 0 ? null : new LatentTables(t, evaluator.Latent!.Mixing, rank);
        var scaledLatent = rank == 0 ? [] : evaluator.Latent!.LatentCoeffs.Select(c => c * pot.Scaling).ToArray();
        string plan = lt is null
            ? $"{t.RadialFunctionCount} | {t.BasicCount} | —"
            : $"{lt.FunctionCount} | {lt.Cost.Rows} | {lt.Cost.BackwardCoefficients}";
        var radial = new RadialConstants(pot.MinDist, pot.MaxDist);
        bool repulsive = pot.BasisKind == RadialBasisKind.RBChebyshevRepulsive;
        var theta = pot.MomentCoeffs!;
        var species = cfg.Types.Select(pot.SpeciesIndexOf).ToArray();
        var denseBlock = new NeighbourBlock();
        var denseScratch = new NeighbourScratch();
        var ls = new LatentScratch();
        if (lt is not null) ls.EnsureCapacity(lt, W);
        var moments = new double[t.MomentCount * W];
        var adjoint = new double[t.MomentCount * W];
        var site = new double[t.BasicCount];
        var siteAdjoint = new double[t.BasicCount];
        var energy = new double[W];
        long gat = 0, fwd = 0, mix = 0, con = 0, back = 0;

        void DenseGather(int atom)
        {
            denseBlock.Gather(nl, atom, species, S, W, pot.MaxDist);
            denseScratch.EnsureCapacity(denseBlock.SlotCount, t.RadialFunctionCount, t.MonomialCount);
        }

        void OnePass()
        {
            for (int batch = 0; batch < n; batch += W)
            {
                int used = Math.Min(W, n - batch);
                for (int l = 0; l < W; l++)
                {
                    if (l >= used) { for (int m = 0; m < t.BasicCount; m++) moments[m * W + l] = 0; continue; }
                    int atom = batch + l;
                    long a = Stopwatch.GetTimestamp(), b, c, d;
                    if (lt is null)
                    {
                        DenseGather(atom);
                        b = Stopwatch.GetTimestamp();
                        NeighbourKernels.Prepare<TS, TV>(denseBlock, denseScratch, t, scaledDense, species[atom], S, R, radial, repulsive);
                        NeighbourKernels.AccumulateMoments<TS, TV>(denseBlock, denseScratch, t, site);
                        c = d = Stopwatch.GetTimestamp();
                    }
                    else
                    {
                        ls.Blocks[l].Gather(nl, atom, species, S, W, pot.MaxDist);
                        ls.Lanes[l].EnsureCapacity(ls.Blocks[l].SlotCount, lt.FunctionCount, 0);
                        b = Stopwatch.GetTimestamp();
                        LatentKernels.Forward<TS, TV>(ls.Blocks[l], ls.Lanes[l], lt, ls, scaledLatent, species[atom], S, R, radial, repulsive);
                        c = Stopwatch.GetTimestamp();
                        LatentKernels.MixForward(lt, ls, site);
                        d = Stopwatch.GetTimestamp();
                    }
                    gat += b - a; fwd += c - b; mix += d - c;
                    for (int m = 0; m < t.BasicCount; m++) moments[m * W + l] = site[m];
                }
                long c0 = Stopwatch.GetTimestamp();
                Contraction.Forward<TS, TV>(t, moments, theta, energy);
                Contraction.Reverse<TS, TV>(t, moments, theta, adjoint);
                con += Stopwatch.GetTimestamp() - c0;
                for (int l = 0; l < used; l++)
                {
                    int atom = batch + l;
                    for (int m = 0; m < t.BasicCount; m++) siteAdjoint[m] = adjoint[m * W + l];
                    long a = Stopwatch.GetTimestamp(), b, c;
                    if (lt is null)
                    {
                        if (W > 1) DenseGather(atom);
                        b = Stopwatch.GetTimestamp();
                        if (W > 1) NeighbourKernels.Prepare<TS, TV>(denseBlock, denseScratch, t, scaledDense, species[atom], S, R, radial, repulsive);
                        NeighbourKernels.Backward<TS, TV>(denseBlock, denseScratch, t, siteAdjoint);
                        c = Stopwatch.GetTimestamp();
                        gat += b - a; back += c - b;
                    }
                    else
                    {
                        LatentKernels.MixBackward(lt, siteAdjoint, ls);
                        b = Stopwatch.GetTimestamp();
                        LatentKernels.Backward<TS, TV>(ls.Blocks[l], ls.Lanes[l], lt, ls);
                        c = Stopwatch.GetTimestamp();
                        mix += b - a; back += c - b;
                    }
                }
            }
        }

        // Warm up (tiering, buffers); then chunks of ≈ 0.1 s, keeping each stage's minimum per atom.
        for (int i = 0; i < 20; i++) OnePass();
        double toUs = 1e6 / Stopwatch.Frequency;
        double bg = double.MaxValue, bf = double.MaxValue, bm = double.MaxValue, bc = double.MaxValue, bb = double.MaxValue, bt = double.MaxValue;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            gat = fwd = mix = con = back = 0;
            int passes = 0;
            long chunk = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(chunk).TotalSeconds < 0.1) { OnePass(); passes++; }
            double k = toUs / passes / n;
            bg = Math.Min(bg, gat * k); bf = Math.Min(bf, fwd * k); bm = Math.Min(bm, mix * k);
            bc = Math.Min(bc, con * k); bb = Math.Min(bb, back * k);
        }
        var ws = evaluator.CreateWorkspace();
        var result = new EfsResult();
        for (int i = 0; i < 20; i++) evaluator.Evaluate(cfg, nl, ws, result);
        start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            int evals = 0;
            double cpu = ThreadCpuNanoseconds();
            long chunk = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(chunk).TotalSeconds < 0.1) { evaluator.Evaluate(cfg, nl, ws, result); evals++; }
            bt = Math.Min(bt, (ThreadCpuNanoseconds() - cpu) / 1000 / evals / n);
        }
        return new Stages(plan, bg, bf, bm, bc, bb, bt);
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>
    /// CPU time of the calling thread (ns; CLOCK_THREAD_CPUTIME_ID on Linux, wall clock elsewhere): time while
    /// the thread is descheduled by other processes on a shared machine does not count.
    /// </summary>
    private static double ThreadCpuNanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0) return t.Seconds * 1e9 + t.Nanoseconds;
        return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
    }

    /// <summary>Min-of-chunks thread CPU time per call (ns) of <paramref name="body"/>.</summary>
    private static double Time(Action body, double seconds)
    {
        for (int i = 0; i < 200; i++) body();
        double best = double.MaxValue;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            int calls = 0;
            double c0 = ThreadCpuNanoseconds();
            long chunk = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(chunk).TotalSeconds < 0.02) { body(); calls++; }
            best = Math.Min(best, (ThreadCpuNanoseconds() - c0) / calls);
        }
        return best;
    }

    /// <summary>
    /// <c>--latent-profile kernels [Case] [seconds]</c>: the neighbour kernels on one atom (atom 0 of the case),
    /// dense and latent per rank, ns per call (min over 20 ms chunks).
    /// </summary>
    private static int Kernels(string[] args)
    {
        string name = args.Length > 0 ? args[0] : "Cubic20";
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.3;
        var (pot, cfg) = LatentCases.Load(name);
        var nl = NeighborList.Build(cfg, pot.MaxDist);
        return KernelDispatch.Best switch
        {
            KernelPath.Vector512 => KernelsOf<Lane512, Vector512<double>>(name, pot, cfg, nl, seconds),
            KernelPath.Vector256 => KernelsOf<Lane256, Vector256<double>>(name, pot, cfg, nl, seconds),
            _ => KernelsOf<Lane1, double>(name, pot, cfg, nl, seconds),
        };
    }

    private static int KernelsOf<TS, TV>(string name, MtpPotential pot, Configuration cfg, NeighborList nl, double seconds)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count, S = pot.SpeciesCount, R = pot.RadialBasisSize;
        var t = new KernelTables(pot.Basis, pot.RadialFunctionCount);
        var species = cfg.Types.Select(pot.SpeciesIndexOf).ToArray();
        var radial = new RadialConstants(pot.MinDist, pot.MaxDist);
        bool repulsive = pot.BasisKind == RadialBasisKind.RBChebyshevRepulsive;
        var rng = new Random(PerfData.Seed);
        var adjoint = Enumerable.Range(0, t.BasicCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var site = new double[t.BasicCount];
        var block = new NeighbourBlock();
        block.Gather(nl, 0, species, S, W, pot.MaxDist);
        Console.WriteLine($"{name}: atom 0, {nl.CountOf(0)} neighbours in {block.SlotCount} slots, {KernelDispatch.Describe(KernelPath.Auto)}; ns per call");
        Console.WriteLine("| model | gather | forward | mix forward | mix backward | backward | sum |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        {
            var scaled = pot.RadialCoeffs!.Select(c => c * pot.Scaling).ToArray();
            var scratch = new NeighbourScratch();
            scratch.EnsureCapacity(block.SlotCount, t.RadialFunctionCount, t.MonomialCount);
            double g = Time(() => block.Gather(nl, 0, species, S, W, pot.MaxDist), seconds);
            double prep = Time(() => NeighbourKernels.Prepare<TS, TV>(block, scratch, t, scaled, species[0], S, R, radial, repulsive), seconds);
            double acc = Time(() => NeighbourKernels.AccumulateMoments<TS, TV>(block, scratch, t, site), seconds);
            double back = Time(() => NeighbourKernels.Backward<TS, TV>(block, scratch, t, adjoint), seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| dense (prepare {prep:F0} + accumulate {acc:F0}; backward + prepare again when W > 1) | {g:F0} | {prep + acc:F0} | – | – | {back:F0} (+{(W > 1 ? prep : 0):F0}) | {g + prep + acc + back + (W > 1 ? prep : 0):F0} |"));
        }
        for (int rank = 1; rank <= pot.RadialFunctionCount; rank++)
        {
            var latent = LatentCases.Truncated(pot, rank);
            var lt = new LatentTables(t, latent.Mixing, rank);
            var scaled = latent.LatentCoeffs.Select(c => c * pot.Scaling).ToArray();
            var ls = new LatentScratch();
            ls.EnsureCapacity(lt, W);
            var lb = ls.Blocks[0];
            var scratch = ls.Lanes[0];
            lb.Gather(nl, 0, species, S, W, pot.MaxDist);
            scratch.EnsureCapacity(lb.SlotCount, lt.FunctionCount, 0);
            double g = Time(() => lb.Gather(nl, 0, species, S, W, pot.MaxDist), seconds);
            double fwd = Time(() => LatentKernels.Forward<TS, TV>(lb, scratch, lt, ls, scaled, species[0], S, R, radial, repulsive), seconds);
            double mf = Time(() => LatentKernels.MixForward(lt, ls, site), seconds);
            double mb = Time(() => LatentKernels.MixBackward(lt, adjoint, ls), seconds);
            double back = Time(() => LatentKernels.Backward<TS, TV>(lb, scratch, lt, ls), seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| r{rank} (H {lt.FunctionCount}, rows {lt.Cost.Rows}, coeffs {lt.Cost.BackwardCoefficients}) | {g:F0} | {fwd:F0} | {mf:F0} | {mb:F0} | {back:F0} | {g + fwd + mf + mb + back:F0} |"));
        }
        return 0;
    }
}
