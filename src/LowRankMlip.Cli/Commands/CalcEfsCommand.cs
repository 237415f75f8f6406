using LowRankMlip.Io;
using LowRankMlip.Mtp;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip calc-efs: energies, forces and stresses of every configuration, as MLIP's calculate_efs writes them.</summary>
public sealed class CalcEfsCommand : ICommand
{
    public string Name => "calc-efs";
    public string Summary => "compute energy, forces and stresses of every configuration with a potential";
    public IReadOnlySet<string> Flags => new HashSet<string> { "lossless" };
    public string Help => $"""
        usage: lrmlip calc-efs POT IN OUT [--threads N] [--species A,B,…] [--lossless] [--kernel PATH]

        Evaluates the MTP POT (.mtp/.almtp) or ACE POT (.yace) on every configuration of IN (.cfg, extended XYZ or maml
        JSON) and writes OUT as MLIP's calculate_efs does: each configuration with Energy, forces,
        PlusStress (virial, eV) and 'Feature EFS_by MultiMTP<alpha_count>'; input features are kept.
        OUT is .cfg (MLIP's fixed notation, or --lossless for round-trip digits) or .xyz/.extxyz.
        Streams: IN may be larger than memory. OUT appears only when complete.

        {CommonOptions.ThreadsHelp}
        {CommonOptions.SpeciesHelp}
          --lossless       write every number with 17 significant digits
        {CommonOptions.KernelHelp}

        example: lrmlip calc-efs pot.mtp train.cfg out.cfg --threads 2
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        int threads = CommonOptions.Threads(args);
        var species = CommonOptions.Species(args);
        bool lossless = args.Flag("lossless");
        var kernel = CommonOptions.Kernel(args);
        args.Validate(3, 3, "lrmlip calc-efs POT IN OUT [--threads N] [--species A,B,…] [--lossless] [--kernel PATH]");
        var (potPath, inPath, outPath) = (args.Positional[0], args.Positional[1], args.Positional[2]);
        if (Path.GetFullPath(inPath) == Path.GetFullPath(outPath)) throw new UsageException("IN and OUT must be different files");

        var model = CommonOptions.LoadModel(potPath, kernel, species);
        string efsBy = model.EfsBy;
        using var sink = ConfigurationFiles.OpenWriter(outPath, null, lossless ? CfgPrecision.Lossless : CfgPrecision.MlipDefault);
        // Labels are replaced and the output text formatted on the worker threads; only the ordered
        // append to the file is serial.
        int count = new BatchEvaluator(model.Evaluator, threads).Run(model.Read(inPath), (cfg, r) =>
        {
            cfg.Energy = r.Energy;
            cfg.Forces = r.ForcesCopy();
            cfg.Virial = cfg.Cell.PeriodicDimensionCount == 3 ? r.VirialMlipOrder() : null;
            cfg.SetFeature("EFS_by", efsBy);
            return sink.Format(cfg);
        }, (_, _, _, text) => sink.WriteFormatted(text));
        sink.Commit();
        stderr.WriteLine($"calc-efs: {count} configurations written to {outPath}");
        return 0;
    }
}
