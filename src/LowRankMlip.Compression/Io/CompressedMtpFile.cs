using System.Globalization;
using System.Text;
using LowRankMlip.Io;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Compression.Io;

/// <summary>
/// The compressed potential file (.lrmtp), format version 1: a header naming the method, the
/// factorization, the view, the ranks and the species types, then every factor as "factor NAME = {dims}"
/// followed by its entries row-major, one line per index of all but the last dimension, and finally the
/// MLIP .mtp text of the potential without its radial_coeffs block (the factors replace it). Numbers use
/// MLIP's %.15e (17 digits when needed), so a write–read round trip is exact.
/// <code>
/// LRMTP
/// format_version = 1
/// method = rmf
/// factorization = fixed-rank
/// view = pairs
/// ranks = {5}
/// species_types = {0, 1, 2, 3}
/// factor U = {16, 5}
///     {…5 numbers…}   (16 lines)
/// factor S = {5}
///     {…}
/// factor V = {32, 5}
///     …
/// MTP
/// version = 1.1.0
/// …
/// </code>
/// </summary>
public static class CompressedMtpFile
{
    public const string Magic = "LRMTP";
    public const int FormatVersion = 1;
    public const string Extension = ".lrmtp";

    /// <summary>True when the file starts with the compressed-potential magic word.</summary>
    public static bool IsCompressed(string path)
    {
        using var reader = new StreamReader(path);
        string? line;
        while ((line = reader.ReadLine()) is not null)
            if (line.Trim().Length > 0) return line.Trim() == Magic;
        return false;
    }

    public static void Write(string path, CompressedPotential potential)
    {
        using var w = AtomicFile.Create(path);
        w.Writer.Write(Format(potential));
        w.Commit();
    }

    public static string Format(CompressedPotential c)
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append('\n');
        sb.Append("format_version = ").Append(FormatVersion).Append('\n');
        sb.Append("method = ").Append(CompressionMethods.Name(c.Method)).Append('\n');
        sb.Append("factorization = ").Append(FactorizationKinds.Name(c.Radial.Kind)).Append('\n');
        sb.Append("view = ").Append(RadialViews.Name(c.Radial.View)).Append('\n');
        sb.Append("ranks = {").AppendJoin(", ", c.Radial.Ranks).Append("}\n");
        sb.Append("species_types = {").AppendJoin(", ", c.Potential.SpeciesTypes).Append("}\n");
        foreach (var f in c.Radial.Factors)
        {
            sb.Append("factor ").Append(f.Name).Append(" = {").AppendJoin(", ", f.Shape).Append("}\n");
            int row = f.Shape.Length == 0 ? 1 : f.Shape[^1];
            for (int start = 0; start < f.Data.Length; start += row)
            {
                sb.Append('\t').Append('{');
                for (int i = 0; i < row; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(MtpFile.FormatDouble(f.Data[start + i]));
                }
                sb.Append("}\n");
            }
        }
        var body = c.Potential.Clone();
        body.RadialCoeffs = null;
        sb.Append(MtpFile.Format(body));
        return sb.ToString();
    }

    public static CompressedPotential Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, 0, $"cannot read the compressed potential: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static CompressedPotential Parse(string text, string fileName)
    {
        var lines = text.Split('\n');
        int i = 0;
        InputFormatException Error(int line, string problem) => new(fileName, line + 1, problem);
        string Next(string expected)
        {
            while (i < lines.Length && lines[i].Trim().Length == 0) i++;
            if (i >= lines.Length) throw new InputFormatException(fileName, lines.Length, $"unexpected end of file: expected {expected}");
            return lines[i].Trim();
        }
        string Value(string key)
        {
            var line = Next($"'{key} = …'");
            int eq = line.IndexOf('=');
            if (eq < 0 || line[..eq].Trim() != key) throw Error(i, $"expected '{key} = …', found '{line}'");
            i++;
            return line[(eq + 1)..].Trim();
        }

        if (Next($"'{Magic}'") != Magic) throw Error(i, $"expected '{Magic}' on the first line (a compressed LowRankMlip potential)");
        i++;
        var version = Value("format_version");
        if (version != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw Error(i - 1, $"format_version = {version} is not supported (this build reads version {FormatVersion})");
        int methodLine = i;
        CompressionMethod method;
        try { method = CompressionMethods.Parse(Value("method")); }
        catch (ArgumentException e) { throw Error(methodLine, e.Message); }
        int kindLine = i;
        var kindName = Value("factorization");
        var kind = FactorizationKinds.TryParse(kindName)
            ?? throw Error(kindLine, $"factorization = {kindName}: expected factored, fixed-rank, tucker or tt");
        int viewLine = i;
        RadialView view;
        try { view = RadialViews.Parse(Value("view")); }
        catch (ArgumentException e) { throw Error(viewLine, e.Message); }
        int ranksLine = i;
        var ranks = ParseInts(Value("ranks"), ranksLine, "ranks", Error);
        int typesLine = i;
        var types = ParseInts(Value("species_types"), typesLine, "species_types", Error);

        var factors = new List<Factor>();
        while (Next("'factor NAME = {…}' or 'MTP'") is var line && line.StartsWith("factor ", StringComparison.Ordinal))
        {
            int eq = line.IndexOf('=');
            if (eq < 0) throw Error(i, $"expected 'factor NAME = {{dimensions}}', found '{line}'");
            var name = line[7..eq].Trim();
            var shape = ParseInts(line[(eq + 1)..].Trim(), i, $"factor {name} dimensions", Error);
            if (shape.Length == 0 || shape.Any(d => d < 1)) throw Error(i, $"factor {name}: dimensions must be positive");
            i++;
            long count = shape.Aggregate(1L, (a, d) => a * d);
            int row = shape[^1];
            var data = new double[count];
            for (long start = 0; start < count; start += row)
            {
                var rowText = Next($"{row} numbers of factor {name}");
                var values = ParseDoubles(rowText, i, $"factor {name}", Error);
                if (values.Length != row) throw Error(i, $"factor {name}: expected {row} numbers on this line, found {values.Length}");
                values.CopyTo(data, start);
                i++;
            }
            factors.Add(new Factor(name, shape, data));
        }
        if (Next("'MTP'") != "MTP") throw Error(i, $"expected 'factor NAME = {{…}}' or the embedded 'MTP' header, found '{lines[i].Trim()}'");

        // The embedded .mtp text keeps its line numbers in error messages: pad with the header's lines.
        var body = MtpFile.Parse(new string('\n', i) + string.Join('\n', lines[i..]), fileName);
        if (body.RadialCoeffs is not null) throw new InputFormatException(fileName, i + 1, "the embedded MTP must not contain radial_coeffs (the factors define them)");
        if (body.SpeciesCoeffs is null || body.MomentCoeffs is null) throw new InputFormatException(fileName, i + 1, "the embedded MTP has no species_coeffs/moment_coeffs");
        if (types.Length != body.SpeciesCount) throw Error(typesLine, $"species_types lists {types.Length} types but species_count = {body.SpeciesCount}");
        body.SpeciesTypes = types;

        var shapeOfC = new RadialShape(body.SpeciesCount, body.RadialFunctionCount, body.RadialBasisSize);
        CompressedRadial radial;
        try { radial = new CompressedRadial(kind, shapeOfC, view, ranks, factors); }
        catch (ArgumentException e) { throw Error(ranksLine, $"factors do not describe a {FactorizationKinds.Name(kind)} tensor of shape {body.SpeciesCount}²×{body.RadialFunctionCount}×{body.RadialBasisSize} in the {RadialViews.Name(view)} view: {e.Message}"); }
        return new CompressedPotential(method, radial, body);
    }

    private static int[] ParseInts(string list, int line, string what, Func<int, string, InputFormatException> error)
    {
        var items = Items(list, line, what, error);
        var result = new int[items.Length];
        for (int k = 0; k < items.Length; k++)
            if (!int.TryParse(items[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[k]))
                throw error(line, $"{what}: '{items[k]}' is not an integer");
        return result;
    }

    private static double[] ParseDoubles(string list, int line, string what, Func<int, string, InputFormatException> error)
    {
        var items = Items(list, line, what, error);
        var result = new double[items.Length];
        for (int k = 0; k < items.Length; k++)
            if (!double.TryParse(items[k], NumberStyles.Float, CultureInfo.InvariantCulture, out result[k]) || !double.IsFinite(result[k]))
                throw error(line, $"{what}: '{items[k]}' is not a finite number");
        return result;
    }

    private static string[] Items(string list, int line, string what, Func<int, string, InputFormatException> error)
    {
        if (!list.StartsWith('{') || !list.EndsWith('}')) throw error(line, $"{what}: expected a list '{{…}}', found '{list}'");
        var inner = list[1..^1].Trim();
        return inner.Length == 0 ? [] : inner.Split(',', StringSplitOptions.TrimEntries);
    }
}
