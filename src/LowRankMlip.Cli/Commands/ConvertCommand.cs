using LowRankMlip.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip convert: streaming conversion between configuration formats.</summary>
public sealed class ConvertCommand : ICommand
{
    public string Name => "convert";
    public string Summary => "convert configurations between .cfg, extended XYZ and maml JSON (streaming)";
    public IReadOnlySet<string> Flags => new HashSet<string> { "lossless" };
    public string Help => """
        usage: lrmlip convert IN OUT [--lossless]

        Reads IN (.cfg, extended XYZ or maml JSON; detected from the extension or content) and writes
        OUT (.cfg or .xyz/.extxyz by extension), one configuration at a time, so files larger than
        memory convert. maml JSON stresses (VASP kbar) become MLIP virials in eV; extended-XYZ stress
        (eV/Å³, ASE sign) becomes W = −V·σ. OUT appears only when complete.

          --lossless       .cfg output with 17 significant digits (default: MLIP's fixed notation)

        example: lrmlip convert training.json training.cfg --lossless
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool lossless = args.Flag("lossless");
        args.Validate(2, 2, "lrmlip convert IN OUT [--lossless]");
        int count = ConfigurationConverter.Convert(args.Positional[0], args.Positional[1], null,
            lossless ? CfgPrecision.Lossless : CfgPrecision.MlipDefault);
        stderr.WriteLine($"convert: {count} configurations written to {args.Positional[1]}");
        return 0;
    }
}
