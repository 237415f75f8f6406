using LowRankMlip.Cli.Commands;
using LowRankMlip.Io;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Cli;

/// <summary>The lrmlip command-line tool: dispatches to a verb and turns expected failures into one-line errors.</summary>
public static class Program
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new CalcEfsCommand(),
        new CalcErrorsCommand(),
        new InfoCommand(),
        new ConvertCommand(),
        new TrainCommand(),
        new CompressCommand(),
        new ExportMtpCommand(),
        new BenchCommand(),
        new ExperimentCommand(),
        new AceSampleCommand(),
        new GenerateCommand(),
        new MdCommand(),
        new LabelCommand(),
        new TemplateCommand(),
    ];

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
            return PrintHelp(args.Length > 1 ? args[1] : null, stdout, stderr);
        if (args[0] is "--version")
        {
            stdout.WriteLine($"lrmlip {typeof(Program).Assembly.GetName().Version} (kernels: {KernelDispatch.Describe(KernelPath.Auto)})");
            return 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"lrmlip: unknown verb '{args[0]}'; run 'lrmlip help' for the list");
            return 2;
        }
        try
        {
            if (args.Skip(1).Any(a => a is "--help" or "-h")) { stdout.Write(Dedent(command.Help)); return 0; }
            return command.Run(new CliArguments(args.Skip(1), command.Flags), stdout, stderr);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"lrmlip {command.Name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is InputFormatException or InvalidDataException or Training.TrainingException or ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException or PlatformNotSupportedException)
        {
            stderr.WriteLine($"lrmlip {command.Name}: error: {e.Message}");
            return 1;
        }
    }

    private static int PrintHelp(string? verb, TextWriter stdout, TextWriter stderr)
    {
        if (verb is not null)
        {
            var c = Commands.FirstOrDefault(x => x.Name == verb);
            if (c is null) { stderr.WriteLine($"lrmlip: no help for unknown verb '{verb}'"); return 2; }
            stdout.Write(Dedent(c.Help));
            return 0;
        }
        stdout.WriteLine("lrmlip — Moment Tensor Potentials: evaluation, training and low-rank compression");
        stdout.WriteLine();
        stdout.WriteLine("usage: lrmlip VERB [ARGS] [OPTIONS]      lrmlip help VERB   for the details of a verb");
        stdout.WriteLine();
        foreach (var c in Commands) stdout.WriteLine($"  {c.Name,-12} {c.Summary}");
        stdout.WriteLine();
        stdout.WriteLine($"kernels on this machine: {KernelDispatch.Describe(KernelPath.Auto)}");
        return 0;
    }

    private static string Dedent(string text) => text.EndsWith('\n') ? text : text + "\n";
}
