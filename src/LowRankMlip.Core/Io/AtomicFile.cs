namespace LowRankMlip.Io;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file next to the target, which is
/// renamed over the target only after it was written and flushed completely. An interrupted run
/// therefore never leaves a half-written output.
/// </summary>
public static class AtomicFile
{
    /// <summary>Opens a writer on a temporary file; <see cref="AtomicWriter.Commit"/> renames it into place.</summary>
    public static AtomicWriter Create(string path) => new(path);

    public static void WriteAllText(string path, string text)
    {
        using var w = Create(path);
        w.Writer.Write(text);
        w.Commit();
    }
}

/// <summary>A text writer on a temporary file that becomes <see cref="TargetPath"/> on <see cref="Commit"/>; disposing without commit deletes the temporary file.</summary>
public sealed class AtomicWriter : IDisposable
{
    private readonly string _tempPath;
    private bool _committed;

    internal AtomicWriter(string path)
    {
        TargetPath = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(TargetPath)!;
        Directory.CreateDirectory(dir);
        _tempPath = Path.Combine(dir, $".{Path.GetFileName(TargetPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    public string TargetPath { get; }
    public TextWriter Writer { get; }

    public void Commit()
    {
        Writer.Flush();
        ((FileStream)((StreamWriter)Writer).BaseStream).Flush(flushToDisk: true);
        Writer.Dispose();
        File.Move(_tempPath, TargetPath, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        Writer.Dispose();
        try { File.Delete(_tempPath); } catch (IOException) { }
    }
}
