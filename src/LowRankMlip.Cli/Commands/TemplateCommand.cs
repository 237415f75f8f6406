using LowRankMlip.Mtp.Io;
using LowRankMlip.Mtp.Templates;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip template: an untrained MTP template of a level, built by the suite (mtp-spec §4.4).</summary>
public sealed class TemplateCommand : ICommand
{
    public string Name => "template";
    public string Summary => "write an untrained MTP template of a level (2–10) without MLIP's files";
    private const string Usage = "lrmlip template --level L OUT.almtp";

    public string Help => $"""
        usage: {Usage}

        Builds the moment basis of level L (every linearly independent scalar contraction of at most four
        moment tensors M_μ,ν with 2 + 4μ + ν summed over the factors ≤ L) and writes it as an untrained MLIP
        template: one species, RBChebyshev on [2, 5] Å with 8 basis functions, as MLIP-3's
        untrained_mtps/LL.almtp. For levels 2–10 the basis functions are those of MLIP's files, one for one
        (the tests check it); the rows may come in another order. Higher levels need contractions this
        builder does not form; use MLIP's files for them. train sets species and min_dist from the data.

        example: lrmlip template --level 10 10.almtp && lrmlip train 10.almtp train.cfg --save-to fitted.mtp
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        int level = args.GetInt("level", 0, min: 1);
        if (level == 0) throw new UsageException($"--level is required\nusage: {Usage}");
        args.Validate(1, 1, Usage);
        Mtp.MtpPotential template;
        try { template = MtpTemplateGenerator.Template(level); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        MtpFile.Write(args.Positional[0], template);
        var b = template.Basis;
        stderr.WriteLine($"template: level {level}: {template.RadialFunctionCount} radial functions, {b.BasicCount} basic moments, " +
                         $"{b.TimesCount} contraction rows, {b.MomentCount} moments, {b.ScalarCount} basis functions → {args.Positional[0]}");
        return 0;
    }
}
