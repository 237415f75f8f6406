using System.Globalization;
using LowRankMlip.Ace;
using LowRankMlip.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip ace-sample: a seeded reference set labelled by an ACE potential (perturbed lattices, optionally Langevin MD frames).</summary>
public sealed class AceSampleCommand : ICommand
{
    public string Name => "ace-sample";
    public string Summary => "perturbed-lattice and MD configurations labelled by an ACE potential (reference set for compression)";
    private const string Usage = "lrmlip ace-sample POT.yace OUT.cfg --lattice fcc|zincblende --a A [--count N] [--seed S] [--rattle D] " +
        "[--md-temperatures T1,T2,… --masses M1,M2,… [--md-ps 1] [--md-frames 5]]";

    public string Help => $"""
        usage: {Usage}

        Samples N (default 20) 2×2×2 conventional supercells of the lattice with constant A (Å) scaled by up
        to ±4 %, strained by up to ±2 % (symmetric) and rattled by up to ±D Å (default 0.1) per component,
        with seed S (default 1). fcc sites take random species; zinc blende puts species 0 and 1 on its
        sublattices. Each configuration is labelled with POT's energy, forces and virial and written to
        OUT (.cfg, round-trip digits; written atomically).

        With --md-temperatures, short seeded Langevin NVT MD (BAOAB, 1 fs, τ_T = 100 fs) adds thermal frames:
        for each temperature T (K) an unrattled lattice cell starts from Maxwell–Boltzmann velocities at T and
        runs --md-ps picoseconds (default 1); --md-frames snapshots (default 5) evenly spaced over the run are
        labelled like the lattice samples and appended after them (feature md_temperature_K). --masses gives
        the atomic masses (amu) of POT's elements in file order. --count 0 writes MD frames only.

        example: lrmlip ace-sample InP_pot.yace inp-ref.cfg --lattice zincblende --a 5.87 --count 20 --seed 7
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var lattice = args.Get("lattice") switch
        {
            "fcc" => AceLattice.Fcc,
            "zincblende" => AceLattice.ZincBlende,
            var s => throw new UsageException($"--lattice expects fcc or zincblende, got '{s}'\nusage: {Usage}"),
        };
        string aText = args.Get("a") ?? throw new UsageException($"--a is required\nusage: {Usage}");
        if (!double.TryParse(aText, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || a <= 0)
            throw new UsageException($"--a expects a positive lattice constant (Å), got '{aText}'");
        string rattleText = args.Get("rattle") ?? "0.1";
        if (!double.TryParse(rattleText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rattle) || rattle < 0)
            throw new UsageException($"--rattle expects a non-negative amplitude (Å), got '{rattleText}'");
        int count = args.GetInt("count", 20, min: 0), seed = args.GetInt("seed", 1);
        var temperatures = Numbers(args, "md-temperatures", "temperatures (K)");
        var masses = Numbers(args, "masses", "atomic masses (amu)");
        double ps = args.Get("md-ps") is null ? 1 : TrainingArguments.NonNegative(args, "md-ps", 1);
        int frames = args.GetInt("md-frames", 5, min: 1);
        if (temperatures is not null && masses is null) throw new UsageException("--md-temperatures needs --masses M1,M2,… (amu, one per element of POT)");
        if (temperatures is null && (masses is not null || args.Get("md-ps") is not null || args.Get("md-frames") is not null))
            throw new UsageException("--masses, --md-ps and --md-frames need --md-temperatures");
        if (count == 0 && temperatures is null) throw new UsageException("--count 0 needs --md-temperatures (nothing to write)");
        args.Validate(2, 2, Usage);

        var potential = YaceFile.Read(args.Positional[0]);
        var evaluator = new AceEvaluator(potential);
        var configurations = AceReferenceSampler.Sample(lattice, a, potential.SpeciesCount, count, seed, rattle);
        using var sink = ConfigurationFiles.OpenWriter(args.Positional[1], ConfigurationFormat.Cfg, CfgPrecision.Lossless);
        List<Configuration> mdFrames = [];
        if (temperatures is not null)
        {
            try { mdFrames = AceMdSampler.Sample(potential, new AceMdSampler.Settings(lattice, a, temperatures, ps, frames, masses!, seed)); }
            catch (ArgumentException e) { throw new UsageException($"ace-sample MD: {e.Message}"); }
        }
        foreach (var cfg in configurations)
        {
            var r = evaluator.Evaluate(cfg);
            cfg.Energy = r.Energy;
            cfg.Forces = r.ForcesCopy();
            cfg.Virial = r.VirialMlipOrder();
            cfg.SetFeature("EFS_by", $"PACE{potential.BasisCoefficientCount}");
            sink.Write(cfg);
        }
        foreach (var frame in mdFrames)
        {
            frame.SetFeature("EFS_by", $"PACE{potential.BasisCoefficientCount}");
            sink.Write(frame);
        }
        sink.Commit();
        var all = configurations.Concat(mdFrames).ToList();
        stderr.WriteLine($"ace-sample: {all.Count} configurations ({configurations.Count} lattice, {mdFrames.Count} MD; {all.Sum(c => c.AtomCount)} atoms) written to {args.Positional[1]}");
        return 0;
    }

    /// <summary>A comma-separated list of positive numbers, or null when the option is absent.</summary>
    private static double[]? Numbers(CliArguments args, string name, string what)
    {
        var text = args.Get(name);
        if (text is null) return null;
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] > 0) || !double.IsFinite(values[i]))
                throw new UsageException($"--{name} expects comma-separated positive {what}, got '{text}'");
        return values;
    }
}
