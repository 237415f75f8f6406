namespace LowRankMlip.Cli.Commands;

/// <summary>One verb of the lrmlip tool: parse, call the libraries, print.</summary>
public interface ICommand
{
    string Name { get; }
    /// <summary>One line for the verb list.</summary>
    string Summary { get; }
    /// <summary>Full help text (usage line, arguments, options, example).</summary>
    string Help { get; }
    /// <summary>Options that take no value.</summary>
    IReadOnlySet<string> Flags => new HashSet<string>();
    int Run(CliArguments args, TextWriter stdout, TextWriter stderr);
}
