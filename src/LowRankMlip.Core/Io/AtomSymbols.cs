namespace LowRankMlip.Io;

/// <summary>
/// Compact per-atom element lists for formats that do not store them (datasets.md §3: NeuralIL EAN is
/// <c>15×[N,H,H,H,C,H,H,C,H,H,H]</c> followed by <c>15×[N,O,O,O]</c>). Grammar:
/// <code>
/// list := term { ("," | "+" | whitespace) term }      term := [count "*"] ( symbol | "(" list ")" )
/// </code>
/// e.g. <c>15*(N,H,H,H,C,H,H,C,H,H,H) + 15*(N,O,O,O)</c> or <c>Mo,Mo,Nb</c>.
/// </summary>
public static class AtomSymbols
{
    /// <summary>Expands a pattern into one symbol per atom; throws <see cref="FormatException"/> naming the position of a problem.</summary>
    public static string[] Expand(string pattern)
    {
        var parser = new Parser(pattern);
        var result = parser.List(topLevel: true);
        if (result.Count == 0) throw new FormatException($"atom symbols '{pattern}': empty list");
        return [.. result];
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<string> List(bool topLevel)
        {
            var items = new List<string>();
            while (true)
            {
                SkipSeparators();
                if (_pos >= text.Length)
                {
                    if (!topLevel) throw Error("missing ')'");
                    return items;
                }
                if (text[_pos] == ')')
                {
                    if (topLevel) throw Error("unexpected ')'");
                    _pos++;
                    return items;
                }
                items.AddRange(Term());
            }
        }

        private List<string> Term()
        {
            int count = 1;
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (_pos > start)
            {
                count = int.Parse(text.AsSpan(start, _pos - start), System.Globalization.CultureInfo.InvariantCulture);
                SkipSpaces();
                if (_pos >= text.Length || text[_pos] is not ('*' or '×')) throw Error("expected '*' after a count");
                _pos++;
                SkipSpaces();
            }
            List<string> unit;
            if (_pos < text.Length && text[_pos] is '(')
            {
                _pos++;
                unit = List(topLevel: false);
            }
            else
            {
                start = _pos;
                while (_pos < text.Length && char.IsAsciiLetter(text[_pos])) _pos++;
                var symbol = text[start.._pos];
                if (symbol.Length == 0) throw Error("expected an element symbol, a count or '('");
                if (!Elements.TryGetAtomicNumber(symbol, out _)) throw Error($"unknown element '{symbol}'");
                unit = [symbol];
            }
            var result = new List<string>(unit.Count * count);
            for (int k = 0; k < count; k++) result.AddRange(unit);
            return result;
        }

        private void SkipSpaces()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private void SkipSeparators()
        {
            while (_pos < text.Length && (char.IsWhiteSpace(text[_pos]) || text[_pos] is ',' or '+')) _pos++;
        }

        private FormatException Error(string problem) => new($"atom symbols '{text}', position {_pos + 1}: {problem}");
    }
}
