using System.Globalization;

namespace LowRankMlip.Io;

/// <summary>A whitespace token of a text file and the 1-based line it is on.</summary>
internal readonly record struct CfgToken(string Text, int Line);

/// <summary>
/// Streaming tokenizer for the .cfg text format (mtp-spec §8: "token-based, any whitespace"): reads one
/// line at a time, splits on spaces/tabs (CR of CRLF files is dropped by <see cref="TextReader.ReadLine"/>
/// or treated as whitespace), and remembers line numbers for error messages. Some blocks are
/// line-oriented in MLIP (column headers, rows, Feature values), hence <see cref="RestOfLine"/> and
/// <see cref="NextLineTokens"/>.
/// </summary>
internal sealed class CfgLexer(TextReader reader, string fileName)
{
    private string? _line;
    private int _pos;

    public string FileName { get; } = fileName;

    /// <summary>Number of the line read last (0 before the first).</summary>
    public int LineNumber { get; private set; }

    public InputFormatException Error(int line, string problem) => new(FileName, line, problem);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v';

    /// <summary>Moves to the next non-whitespace character, reading lines as needed; false at end of file.</summary>
    private bool SkipSpace()
    {
        while (true)
        {
            if (_line is not null)
            {
                while (_pos < _line.Length && IsSpace(_line[_pos])) _pos++;
                if (_pos < _line.Length) return true;
            }
            _line = reader.ReadLine();
            _pos = 0;
            if (_line is null) return false;
            LineNumber++;
        }
    }

    public bool TryPeek(out CfgToken token)
    {
        if (!SkipSpace()) { token = default; return false; }
        int end = _pos;
        while (end < _line!.Length && !IsSpace(_line[end])) end++;
        token = new CfgToken(_line.Substring(_pos, end - _pos), LineNumber);
        return true;
    }

    public bool TryNext(out CfgToken token)
    {
        if (!TryPeek(out token)) return false;
        _pos += token.Text.Length;
        return true;
    }

    /// <summary>The unread rest of the current line (possibly empty); the next read starts on the following line.</summary>
    public string RestOfLine()
    {
        if (_line is null) return "";
        var rest = _line.Substring(_pos);
        _pos = _line.Length;
        return rest;
    }

    /// <summary>All tokens of the next line that has any (the rest of the current line first); null at end of file.</summary>
    public string[]? NextLineTokens(out int line)
    {
        if (!SkipSpace()) { line = LineNumber; return null; }
        line = LineNumber;
        return RestOfLine().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    public static bool TryParseDouble(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
