using System.Globalization;
using LowRankMlip.Io;

namespace LowRankMlip.Mtp.Io;

/// <summary>
/// Token scanner for MLIP's .mtp text (mtp-spec §7.2): whitespace (spaces, tabs, CR, LF) separates
/// tokens, '{', '}' and ',' delimit lists. Tracks the 1-based line of every token for error messages.
/// </summary>
internal sealed class MtpTextScanner
{
    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _line = 1;

    public MtpTextScanner(string text, string file)
    {
        _text = text;
        _file = file;
    }

    public int Line => _line;
    public string File => _file;

    public bool AtEnd
    {
        get { SkipWhitespace(); return _pos >= _text.Length; }
    }

    public InputFormatException Error(string problem) => new(_file, _line, problem);

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            if (_text[_pos] == '\n') _line++;
            _pos++;
        }
    }

    /// <summary>Next whitespace-delimited word without consuming it, or null at end of file.</summary>
    public string? PeekWord()
    {
        int savePos = _pos, saveLine = _line;
        var w = ReadWordOrNull();
        _pos = savePos;
        _line = saveLine;
        return w;
    }

    private string? ReadWordOrNull()
    {
        SkipWhitespace();
        if (_pos >= _text.Length) return null;
        int start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos])) _pos++;
        return _text.Substring(start, _pos - start);
    }

    public string ReadWord(string expected) => ReadWordOrNull() ?? throw Error($"unexpected end of file, expected {expected}");

    public void Expect(string word)
    {
        var w = ReadWordOrNull() ?? throw Error($"unexpected end of file, expected '{word}'");
        if (w != word) throw Error($"expected '{word}', found '{w}'");
    }

    /// <summary>Reads "key = " and returns true if the next word is <paramref name="key"/>; otherwise consumes nothing.</summary>
    public bool TryKey(string key)
    {
        if (PeekWord() != key) return false;
        ReadWordOrNull();
        Expect("=");
        return true;
    }

    public void ExpectKey(string key)
    {
        var w = PeekWord();
        if (w != key) throw Error(w is null ? $"unexpected end of file, expected '{key} = …'" : $"expected '{key} = …', found '{w}'");
        ReadWordOrNull();
        Expect("=");
    }

    /// <summary>The rest of the current line (after the '=' already consumed), trimmed; may be empty.</summary>
    public string ReadRestOfLine()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t')) _pos++;
        int start = _pos;
        while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
        return _text.Substring(start, _pos - start).TrimEnd('\r', ' ', '\t');
    }

    public double ReadDouble(string what)
    {
        var w = ReadWord(what);
        if (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw Error($"{what}: expected a number, found '{w}'");
        return v;
    }

    public int ReadInt(string what)
    {
        var w = ReadWord(what);
        if (!int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error($"{what}: expected an integer, found '{w}'");
        return v;
    }

    private void ExpectChar(char c, string what)
    {
        SkipWhitespace();
        if (_pos >= _text.Length) throw Error($"{what}: unexpected end of file, expected '{c}'");
        if (_text[_pos] != c) throw Error($"{what}: expected '{c}', found '{Snippet()}'");
        _pos++;
    }

    private bool TryChar(char c)
    {
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == c) { _pos++; return true; }
        return false;
    }

    private string Snippet() => _text.Substring(_pos, Math.Min(20, _text.Length - _pos)).Split('\n')[0];

    private string ReadNumberToken(string what)
    {
        SkipWhitespace();
        int start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] != ',' && _text[_pos] != '}' && _text[_pos] != '{') _pos++;
        if (start == _pos) throw Error($"{what}: expected a number, found '{Snippet()}'");
        return _text.Substring(start, _pos - start);
    }

    /// <summary>Reads a flat list "{a, b, c}" of doubles.</summary>
    public double[] ReadDoubleList(string what)
    {
        var list = new List<double>();
        ExpectChar('{', what);
        if (TryChar('}')) return [];
        do
        {
            var tok = ReadNumberToken(what);
            if (!double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw Error($"{what}: expected a number, found '{tok}'");
            list.Add(v);
        } while (TryChar(','));
        ExpectChar('}', what);
        return list.ToArray();
    }

    /// <summary>Reads a flat list "{a, b, c}" of integers.</summary>
    public int[] ReadIntList(string what)
    {
        var list = new List<int>();
        ExpectChar('{', what);
        if (TryChar('}')) return [];
        do list.Add(ParseInt(ReadNumberToken(what), what));
        while (TryChar(','));
        ExpectChar('}', what);
        return list.ToArray();
    }

    /// <summary>Reads "{{a, b, c, d}, {…}}" with exactly <paramref name="width"/> integers per row; returns the rows flattened.</summary>
    public int[] ReadIntRows(string what, int width)
    {
        var list = new List<int>();
        ExpectChar('{', what);
        if (TryChar('}')) return [];
        int row = 0;
        do
        {
            int lineOfRow = _line;
            ExpectChar('{', what);
            int count = 0;
            if (!TryChar('}'))
            {
                do { list.Add(ParseInt(ReadNumberToken(what), what)); count++; } while (TryChar(','));
                ExpectChar('}', what);
            }
            if (count != width)
                throw new InputFormatException(_file, lineOfRow, $"{what} row {row}: expected {width} integers, found {count}");
            row++;
        } while (TryChar(','));
        ExpectChar('}', what);
        return list.ToArray();
    }

    private int ParseInt(string tok, string what)
    {
        if (!int.TryParse(tok, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error($"{what}: expected an integer, found '{tok}'");
        return v;
    }
}
