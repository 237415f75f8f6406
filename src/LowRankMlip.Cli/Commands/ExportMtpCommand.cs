using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip export-mtp: the dense MLIP .mtp equivalent of a compressed potential.</summary>
public sealed class ExportMtpCommand : ICommand
{
    public string Name => "export-mtp";
    public string Summary => "write the dense MLIP .mtp equivalent of a compressed .lrmtp (for MLIP and LAMMPS)";
    public IReadOnlySet<string> Flags => new HashSet<string>();

    public string Help => """
        usage: lrmlip export-mtp COMPRESSED OUT.mtp

        Reconstructs the radial tensor from the stored factors and writes an MLIP-3 .mtp (same species, basis,
        scaling, species and moment coefficients) that MLIP's calculate_efs and LAMMPS pair_style mlip load.
        Its energies and forces equal the compressed potential's.

        example: lrmlip export-mtp q-r5.lrmtp q-r5.mtp
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        args.Validate(2, 2, "lrmlip export-mtp COMPRESSED OUT.mtp");
        var loaded = PotentialFile.Read(args.Positional[0]);
        if (loaded.Compressed is null) stderr.WriteLine($"export-mtp: {args.Positional[0]} is already a dense MTP; writing it unchanged");
        MtpFile.Write(args.Positional[1], loaded.Potential);
        stderr.WriteLine($"export-mtp: wrote {args.Positional[1]}");
        return 0;
    }
}
