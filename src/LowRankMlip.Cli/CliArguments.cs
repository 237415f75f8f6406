using System.Globalization;

namespace LowRankMlip.Cli;

/// <summary>
/// Minimal command-line parser for the verbs: positional arguments plus "--name value" and
/// "--flag" options. Unknown options and missing values are reported as <see cref="UsageException"/>.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> args, IReadOnlySet<string> flagNames)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (!flagNames.Contains(name))
                {
                    if (i + 1 >= list.Count) throw new UsageException($"option --{name} needs a value");
                    value = list[++i];
                }
                _options[name] = value;
            }
            else Positional.Add(a);
        }
    }

    public List<string> Positional { get; } = new();

    public bool Flag(string name)
    {
        _consumed.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _consumed.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public int GetInt(string name, int defaultValue, int min = int.MinValue)
    {
        var s = Get(name);
        if (s is null) return defaultValue;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
            throw new UsageException($"--{name} expects an integer ≥ {min}, got '{s}'");
        return v;
    }

    /// <summary>Takes every option whose name matches (marking it known), e.g. configuration paths such as --Profiles:quick:Seeds=1.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> TakeAll(Func<string, bool> predicate)
    {
        var taken = _options.Where(o => predicate(o.Key)).ToList();
        foreach (var o in taken) _consumed.Add(o.Key);
        return taken;
    }

    /// <summary>Throws if an option was given that the verb does not know, or the positional count is wrong.</summary>
    public void Validate(int minPositional, int maxPositional, string usage)
    {
        foreach (var name in _options.Keys)
            if (!_consumed.Contains(name)) throw new UsageException($"unknown option --{name}\nusage: {usage}");
        if (Positional.Count < minPositional || Positional.Count > maxPositional)
            throw new UsageException($"expected {(minPositional == maxPositional ? minPositional.ToString(CultureInfo.InvariantCulture) : $"{minPositional}–{maxPositional}")} arguments, got {Positional.Count}\nusage: {usage}");
    }
}

/// <summary>A wrong command line; printed without a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
