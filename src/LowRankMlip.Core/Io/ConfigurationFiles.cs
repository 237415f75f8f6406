namespace LowRankMlip.Io;

/// <summary>Format detection and format-independent reading/writing of configuration files.</summary>
public static class ConfigurationFiles
{
    /// <summary>
    /// Format by extension (.cfg/.cfgs, .xyz/.extxyz, .json, .jsonl); anything else (e.g. MLIP's <c>cfg_usual</c>)
    /// by content: first non-blank token BEGIN_CFG (or the binary .cfg marker) → Cfg, '[' → MamlJson, '{' →
    /// NeuralIlJson (JSON lines), an integer atom count → ExtXyz. A .json file is MamlJson unless it starts with '{'.
    /// </summary>
    public static ConfigurationFormat Detect(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".cfg" or ".cfgs": return ConfigurationFormat.Cfg;
            case ".xyz" or ".extxyz": return ConfigurationFormat.ExtXyz;
            case ".json": return FirstCharacter(path) == '{' ? ConfigurationFormat.NeuralIlJson : ConfigurationFormat.MamlJson;
            case ".jsonl": return ConfigurationFormat.NeuralIlJson;
        }
        return Sniff(path);
    }

    private static char FirstCharacter(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c)) { }
        return c < 0 ? '\0' : (char)c;
    }

    private static ConfigurationFormat Sniff(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[4096];
        int len = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, len).TrimStart();
        if (text.StartsWith("BEGIN_CFG", StringComparison.Ordinal) || (text.Length > 0 && text[0] == 'n')) return ConfigurationFormat.Cfg;
        if (text.StartsWith('[')) return ConfigurationFormat.MamlJson;
        if (text.StartsWith('{')) return ConfigurationFormat.NeuralIlJson;
        int end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end > 0 && (end == text.Length || char.IsWhiteSpace(text[end]))) return ConfigurationFormat.ExtXyz;
        throw new InputFormatException(path, 1, "unknown configuration format: expected BEGIN_CFG (.cfg), an atom count (extended XYZ), '[' (maml JSON) or '{' (NeuralIL JSON lines)");
    }

    /// <summary>
    /// Streams the configurations of a file in any supported format. <paramref name="atomSymbols"/>: the element
    /// of each atom for a format that does not store it (NeuralIL EAN, see <see cref="AtomSymbols"/>); ignored otherwise.
    /// </summary>
    public static IEnumerable<Configuration> Read(string path, ConfigurationFormat? format = null, CfgReadOptions? cfgOptions = null,
        IReadOnlyList<string>? atomSymbols = null) =>
        (format ?? Detect(path)) switch
        {
            ConfigurationFormat.Cfg => CfgReader.Read(path, cfgOptions),
            ConfigurationFormat.ExtXyz => ExtXyzReader.Read(path),
            ConfigurationFormat.MamlJson => MamlJsonReader.Read(path),
            ConfigurationFormat.NeuralIlJson => NeuralIlJsonReader.Read(path, atomSymbols),
            var f => throw new ArgumentOutOfRangeException(nameof(format), f, null),
        };

    /// <summary>
    /// Opens an atomic writer (Cfg or ExtXyz; format from the extension when not given, .cfg otherwise).
    /// The file appears only on <see cref="IConfigurationSink.Commit"/>.
    /// </summary>
    public static IConfigurationSink OpenWriter(string path, ConfigurationFormat? format = null, CfgPrecision mode = CfgPrecision.MlipDefault)
    {
        var f = format ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xyz" or ".extxyz" => ConfigurationFormat.ExtXyz,
            ".json" => ConfigurationFormat.MamlJson,
            _ => ConfigurationFormat.Cfg,
        };
        return f switch
        {
            ConfigurationFormat.Cfg => new Sink(path, (w, c) => CfgWriter.Write(w, c, mode)),
            ConfigurationFormat.ExtXyz => new Sink(path, ExtXyzWriter.Write),
            _ => throw new NotSupportedException($"writing {f} is not supported (write .cfg or .xyz): {path}"),
        };
    }

    private sealed class Sink(string path, Action<TextWriter, Configuration> write) : IConfigurationSink
    {
        private readonly AtomicWriter _writer = AtomicFile.Create(path);

        public int Count { get; private set; }

        public void Write(Configuration configuration)
        {
            write(_writer.Writer, configuration);
            Count++;
        }

        public string Format(Configuration configuration)
        {
            var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
            write(text, configuration);
            return text.ToString();
        }

        public void WriteFormatted(string text)
        {
            _writer.Writer.Write(text);
            Count++;
        }

        public void Commit() => _writer.Commit();

        public void Dispose() => _writer.Dispose();
    }
}
