namespace LowRankMlip.Io;

/// <summary>
/// A malformed input file: names the file, the 1-based line (0 when unknown), what was read and what
/// was expected, so a user can fix the file without a stack trace.
/// </summary>
public class InputFormatException : FormatException
{
    public InputFormatException(string file, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}", inner)
    {
        FileName = file;
        Line = line;
        Problem = problem;
    }

    public string FileName { get; }
    public int Line { get; }
    public string Problem { get; }
}
