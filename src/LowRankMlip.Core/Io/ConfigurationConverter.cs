namespace LowRankMlip.Io;

/// <summary>Converts between configuration formats, streaming: one configuration in memory at a time.</summary>
public static class ConfigurationConverter
{
    /// <summary>Reads <paramref name="inPath"/> (format detected) and writes <paramref name="outPath"/> atomically; returns the count.</summary>
    public static int Convert(string inPath, string outPath, ConfigurationFormat? outFormat = null,
        CfgPrecision mode = CfgPrecision.MlipDefault, CfgReadOptions? cfgOptions = null)
    {
        if (Path.GetFullPath(inPath) == Path.GetFullPath(outPath)) throw new ArgumentException($"input and output are the same file: {inPath}");
        using var sink = ConfigurationFiles.OpenWriter(outPath, outFormat, mode);
        foreach (var c in ConfigurationFiles.Read(inPath, null, cfgOptions)) sink.Write(c);
        sink.Commit();
        return sink.Count;
    }
}
