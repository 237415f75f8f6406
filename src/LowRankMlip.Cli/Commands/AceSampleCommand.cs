using System.Globalization;
using LowRankMlip.Ace;
using LowRankMlip.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip ace-sample: a seeded reference set labelled by an ACE potential (perturbed lattices).</summary>
public sealed class AceSampleCommand : ICommand
{
    public string Name => "ace-sample";
    public string Summary => "perturbed-lattice configurations labelled by an ACE potential (reference set for compression)";
    private const string Usage = "lrmlip ace-sample POT.yace OUT.cfg --lattice fcc|zincblende --a A [--count N] [--seed S] [--rattle D]";

    public string Help => $"""
        usage: {Usage}

        Samples N (default 20) 2×2×2 conventional supercells of the lattice with constant A (Å) scaled by up
        to ±4 %, strained by up to ±2 % (symmetric) and rattled by up to ±D Å (default 0.1) per component,
        with seed S (default 1). fcc sites take random species; zinc blende puts species 0 and 1 on its
        sublattices. Each configuration is labelled with POT's energy, forces and virial and written to
        OUT (.cfg, round-trip digits; written atomically).

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
        int count = args.GetInt("count", 20, min: 1), seed = args.GetInt("seed", 1);
        args.Validate(2, 2, Usage);

        var potential = YaceFile.Read(args.Positional[0]);
        var evaluator = new AceEvaluator(potential);
        var configurations = AceReferenceSampler.Sample(lattice, a, potential.SpeciesCount, count, seed, rattle);
        using var sink = ConfigurationFiles.OpenWriter(args.Positional[1], ConfigurationFormat.Cfg, CfgPrecision.Lossless);
        foreach (var cfg in configurations)
        {
            var r = evaluator.Evaluate(cfg);
            cfg.Energy = r.Energy;
            cfg.Forces = r.ForcesCopy();
            cfg.Virial = r.VirialMlipOrder();
            cfg.SetFeature("EFS_by", $"PACE{potential.BasisCoefficientCount}");
            sink.Write(cfg);
        }
        sink.Commit();
        stderr.WriteLine($"ace-sample: {count} configurations ({configurations.Sum(c => c.AtomCount)} atoms) written to {args.Positional[1]}");
        return 0;
    }
}
