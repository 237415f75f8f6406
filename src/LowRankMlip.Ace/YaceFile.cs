using LowRankMlip.Io;

namespace LowRankMlip.Ace;

/// <summary>Reads and writes ML-PACE <c>.yace</c> potentials (ace-spec §9).</summary>
public static class YaceFile
{
    public const string Extension = ".yace";

    /// <summary>True for a path with the <c>.yace</c> extension (case-insensitive).</summary>
    public static bool IsYace(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    public static AcePotential Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"potential file not found: {path}", path);
        using var reader = new StreamReader(path);
        return YaceReader.Parse(reader, path);
    }

    /// <summary>Parses YAML text; <paramref name="name"/> labels error messages.</summary>
    public static AcePotential Parse(string text, string name = "<yace>")
    {
        using var reader = new StringReader(text);
        return YaceReader.Parse(reader, name);
    }

    public static string ToText(AcePotential potential)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        YaceWriter.Write(potential, writer);
        return writer.ToString();
    }

    /// <summary>Writes the potential; the file appears only when complete.</summary>
    public static void Write(string path, AcePotential potential) => AtomicFile.WriteAllText(path, ToText(potential));
}
