using LowRankMlip.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip label: energies, forces and virials of FLiNaK configurations from the rigid-ion teacher.</summary>
public sealed class LabelCommand : ICommand
{
    private const string Usage = "lrmlip label IN OUT [--cutoff Å] [--coulomb ewald|dsf] [--ewald-accuracy δ] [--dsf-alpha α] [--set P|S] [--no-core]";

    public string Name => "label";
    public string Summary => "label configurations (types 0 Li, 1 Na, 2 K, 3 F) with the rigid-ion teacher";
    public IReadOnlySet<string> Flags => new HashSet<string> { "no-core" };
    public string Help => $"""
        usage: {Usage}

        Replaces the energy, forces and virial (PlusStress, eV) of every configuration of IN with the
        rigid-ion teacher's (flinak-teacher.md; the same model and options as generate and md) and writes
        OUT (.cfg with round-trip digits, or .xyz). Used, for instance, by scripts/lammps-check.sh.

        {SimulationOptions.TeacherHelp}
        example: lrmlip label frames.cfg labelled.cfg --no-core
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var teacher = SimulationOptions.Teacher(args);
        args.Validate(2, 2, Usage);
        var (inPath, outPath) = (args.Positional[0], args.Positional[1]);
        if (Path.GetFullPath(inPath) == Path.GetFullPath(outPath)) throw new UsageException("IN and OUT must be different files");
        using var sink = ConfigurationFiles.OpenWriter(outPath, null, CfgPrecision.Lossless);
        foreach (var cfg in ConfigurationFiles.Read(inPath))
        {
            var result = teacher.Compute(cfg);
            cfg.Energy = result.Energy;
            cfg.Forces = result.ForcesCopy();
            cfg.Virial = result.VirialMlipOrder();
            cfg.SetFeature("EFS_by", "rigid-ion-teacher");
            cfg.SetFeature("teacher", teacher.Tag);
            sink.Write(cfg);
        }
        sink.Commit();
        stderr.WriteLine($"label: {sink.Count} configurations labelled by {teacher.Name}, written to {outPath}");
        return 0;
    }
}
