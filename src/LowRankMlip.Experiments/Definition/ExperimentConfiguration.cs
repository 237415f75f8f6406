using Microsoft.Extensions.Configuration;

namespace LowRankMlip.Experiments.Definition;

/// <summary>
/// Reads an experiment definition with Microsoft.Extensions.Configuration (issue 5 §3): the JSON file, then
/// LRMLIP_DATA (→ Data:Root), then the command line (later sources win). Command-line keys are configuration
/// paths (<c>--Profiles:quick:IterationLimit=20</c>); the verb's own options map onto them:
/// --data → Data:Root, --profile → Profile, --out → Out, --threads → Threads.
/// </summary>
public static class ExperimentConfiguration
{
    public const string DataEnvironmentVariable = "LRMLIP_DATA";

    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--data"] = "Data:Root",
        ["--profile"] = "Profile",
        ["--out"] = "Out",
        ["--threads"] = "Threads",
    };

    /// <summary>The configuration sources of a definition; <paramref name="environment"/> defaults to the process environment.</summary>
    public static IConfigurationRoot Build(string definitionPath, IEnumerable<string> commandLine, Func<string, string?>? environment = null)
    {
        var full = Path.GetFullPath(definitionPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"experiment definition not found: {definitionPath}", definitionPath);
        environment ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = new Dictionary<string, string?>();
        if (environment(DataEnvironmentVariable) is { Length: > 0 } root) fromEnvironment["Data:Root"] = root;
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(full, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(fromEnvironment)
                .AddCommandLine([.. commandLine], new Dictionary<string, string>(SwitchMappings, StringComparer.OrdinalIgnoreCase))
                .Build();
        }
        catch (InvalidDataException e)
        {
            throw new Io.InputFormatException(definitionPath, 0, $"not a valid experiment definition: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (FormatException e) when (e is not Io.InputFormatException)
        {
            throw new ArgumentException($"experiment command line: {e.Message}", e);
        }
    }

    /// <summary>Binds the typed options; unknown keys are errors (a misspelt setting must not be ignored silently).</summary>
    public static ExperimentOptions Bind(IConfiguration configuration)
    {
        try
        {
            return configuration.Get<ExperimentOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new ExperimentOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder wraps the useful message (which key, which value) in its innermost InvalidOperationException.
            Exception inner = e;
            for (var x = e.InnerException; x is InvalidOperationException; x = x.InnerException) inner = x;
            throw new ArgumentException($"experiment definition: {inner.Message}", e);
        }
    }

    /// <summary>Every key with a value after all sources, sorted (manifest.json "configuration").</summary>
    public static IReadOnlyDictionary<string, string?> Flatten(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    public static ExperimentOptions Load(string definitionPath, IEnumerable<string> commandLine, Func<string, string?>? environment = null) =>
        Bind(Build(definitionPath, commandLine, environment));
}
