using System.Text;

namespace LowRankMlip.Io;

/// <summary>
/// The comment (second) line of an extended-XYZ frame: whitespace-separated <c>key=value</c> pairs in
/// ASE conventions (datasets.md §3); values may be double-quoted (backslash escapes), a bare key means
/// "T". Keys keep their order.
/// </summary>
internal static class ExtXyzInfoLine
{
    /// <summary>Parses the pairs; returns null (with the problem) when a quote is not closed.</summary>
    public static List<KeyValuePair<string, string>> Parse(string line, out string? problem)
    {
        var result = new List<KeyValuePair<string, string>>();
        problem = null;
        int i = 0, n = line.Length;
        while (true)
        {
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i >= n) return result;
            int k0 = i;
            while (i < n && line[i] != '=' && !char.IsWhiteSpace(line[i])) i++;
            string key = line[k0..i];
            int j = i;
            while (j < n && char.IsWhiteSpace(line[j])) j++;
            if (j >= n || line[j] != '=') { result.Add(new(key, "T")); i = j; continue; }
            i = j + 1;
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i < n && (line[i] == '"' || line[i] == '{'))
            {
                char close = line[i] == '"' ? '"' : '}';
                var sb = new StringBuilder();
                i++;
                while (i < n && line[i] != close)
                {
                    if (line[i] == '\\' && close == '"' && i + 1 < n) i++;
                    sb.Append(line[i++]);
                }
                if (i >= n) { problem = $"unterminated value of key '{key}' (missing {close})"; return result; }
                i++;
                result.Add(new(key, sb.ToString()));
            }
            else
            {
                int v0 = i;
                while (i < n && !char.IsWhiteSpace(line[i])) i++;
                result.Add(new(key, line[v0..i]));
            }
        }
    }

    /// <summary>Quotes a value when it is empty or contains whitespace, quotes, '=' or backslashes.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && !value.Any(ch => char.IsWhiteSpace(ch) || ch is '"' or '=' or '\\' or '{' or '}')) return value;
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
