namespace LowRankMlip.Io;

/// <summary>How the legacy <c>Stress:</c> block of old .cfg files is treated (mtp-spec §8).</summary>
public enum CfgLegacyStress
{
    /// <summary>Refuse the file, as MLIP-3 does by default.</summary>
    Reject,
    /// <summary>mtp-spec §8: <c>Stress:</c> means −W; store the negated values as the virial.</summary>
    NegatedVirial,
    /// <summary>The values are the virial W itself (MLIP-1 files such as mlearn's train.cfgs, per its README).</summary>
    Virial,
}

/// <summary>Options of <see cref="CfgReader"/>.</summary>
public sealed record CfgReadOptions
{
    public static CfgReadOptions Default { get; } = new();

    public CfgLegacyStress LegacyStress { get; init; } = CfgLegacyStress.Reject;
}

/// <summary>
/// Streaming reader of MLIP's text .cfg format (mtp-spec §8): yields one configuration per
/// <c>BEGIN_CFG … END_CFG</c> block and never holds more than that block. Every malformed input raises
/// <see cref="InputFormatException"/> naming the file, the 1-based line and what was expected.
/// </summary>
public static class CfgReader
{
    public static IEnumerable<Configuration> Read(string path, CfgReadOptions? options = null)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var c in Read(reader, path, options)) yield return c;
    }

    public static IEnumerable<Configuration> Read(TextReader reader, string fileName, CfgReadOptions? options = null)
    {
        options ??= CfgReadOptions.Default;
        var lex = new CfgLexer(reader, fileName);
        bool first = true;
        while (lex.TryNext(out var tok))
        {
            // §8: a file whose first non-space byte is 'n' is MLIP's binary format.
            if (first && tok.Text.Length > 0 && tok.Text[0] == 'n')
                throw lex.Error(tok.Line, "binary .cfg not supported (the file starts with the binary marker 'n'); convert it to text with MLIP first");
            first = false;
            if (tok.Text == "BEGIN_CFG")
                yield return new CfgBlockParser(lex, tok.Line, options).Parse();
            else if (tok.Text == "BEGIN")
                throw lex.Error(tok.Line, "obsolete .cfg format (first token 'BEGIN', not 'BEGIN_CFG') is not supported");
            else
                throw lex.Error(tok.Line, $"expected BEGIN_CFG, found '{Shorten(tok.Text)}'");
        }
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
