using System.Text.Json;

namespace LowRankMlip.Io;

/// <summary>
/// Reader of NeuralIL JSON lines (datasets.md §3: ean-neuralil, srtio3-neuralil): one object per line with
/// <c>Energy</c> (eV, total), <c>Positions</c> (N×3, Å, Cartesian), <c>Forces</c> (N×3, eV/Å, optional),
/// <c>Cell-Size</c> ([a, b, c], Å: the orthorhombic box diag(a, b, c), periodic) and the element of each
/// atom in <c>Types</c> (symbols). EAN stores no element list: the caller gives one
/// (<paramref name="atomSymbols"/>, e.g. from <see cref="AtomSymbols.Expand"/>). <c>Natoms</c> is checked
/// when present; <c>T</c> becomes a feature; <c>Charges</c> (all zero in EAN), <c>Date</c> and other keys
/// are ignored. Types are atomic numbers Z and <see cref="Configuration.Symbols"/> is set, as for the
/// other element-named formats. Streams one line at a time.
/// </summary>
public static class NeuralIlJsonReader
{
    public static IEnumerable<Configuration> Read(string path, IReadOnlyList<string>? atomSymbols = null)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
        foreach (var c in Read(reader, path, atomSymbols)) yield return c;
    }

    public static IEnumerable<Configuration> Read(TextReader reader, string fileName, IReadOnlyList<string>? atomSymbols = null)
    {
        int lineNo = 0, record = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new InputFormatException(fileName, lineNo, $"record {record}: invalid JSON ({e.Message}); expected one object per line (NeuralIL JSON lines)", e); }
            using (doc) yield return Convert(doc.RootElement, fileName, lineNo, record, atomSymbols);
            record++;
        }
    }

    private static Configuration Convert(JsonElement o, string file, int line, int record, IReadOnlyList<string>? atomSymbols)
    {
        InputFormatException Error(string problem) => new(file, line, $"record {record}: {problem}");
        if (o.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {o.ValueKind}");
        JsonElement Get(string key) => o.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw Error($"missing '{key}'");
        double Number(JsonElement v, string what) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Error($"'{what}' is {v.ValueKind}, expected a number");
        double[] Rows(JsonElement v, string key, int expected)
        {
            if (v.ValueKind != JsonValueKind.Array || (expected >= 0 && v.GetArrayLength() != expected))
                throw Error(expected >= 0 ? $"'{key}' must be {expected} rows of 3 numbers" : $"'{key}' must be a list of rows of 3 numbers");
            var r = new double[3 * v.GetArrayLength()];
            int i = 0;
            foreach (var row in v.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 3) throw Error($"'{key}[{i}]' must be 3 numbers");
                int c = 0;
                foreach (var x in row.EnumerateArray()) r[3 * i + c++] = Number(x, $"{key}[{i}]");
                i++;
            }
            return r;
        }

        var positions = Rows(Get("Positions"), "Positions", -1);
        int n = positions.Length / 3;
        if (o.TryGetProperty("Natoms", out var natoms) && natoms.ValueKind == JsonValueKind.Number && natoms.GetInt32() != n)
            throw Error($"'Natoms' is {natoms.GetInt32()} but 'Positions' has {n} rows");

        var size = Get("Cell-Size");
        if (size.ValueKind != JsonValueKind.Array || size.GetArrayLength() != 3) throw Error("'Cell-Size' must be [a, b, c]");
        var abc = size.EnumerateArray().Select((x, k) => Number(x, $"Cell-Size[{k}]")).ToArray();
        if (abc.Any(x => !(x > 0))) throw Error($"'Cell-Size' must be positive, got [{string.Join(", ", abc)}]");
        var cell = Cell.Periodic([abc[0], 0, 0, 0, abc[1], 0, 0, 0, abc[2]]);

        string[] symbols;
        if (o.TryGetProperty("Types", out var typesElement) && typesElement.ValueKind == JsonValueKind.Array)
        {
            if (typesElement.GetArrayLength() != n) throw Error($"'Types' has {typesElement.GetArrayLength()} entries, 'Positions' {n}");
            symbols = typesElement.EnumerateArray().Select((t, k) => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Error($"'Types[{k}]' is {t.ValueKind}, expected an element symbol")).ToArray();
        }
        else if (atomSymbols is not null)
        {
            if (atomSymbols.Count != n) throw Error($"the given atom symbols list {atomSymbols.Count} atoms, the record {n}");
            symbols = [.. atomSymbols];
        }
        else
        {
            throw Error("no 'Types': this NeuralIL file stores no element list; give the element of every atom " +
                "(datasets.json 'atom_symbols'; EAN: 15*(N,H,H,H,C,H,H,C,H,H,H) + 15*(N,O,O,O))");
        }
        var types = new int[n];
        for (int a = 0; a < n; a++)
            if (!Elements.TryGetAtomicNumber(symbols[a], out types[a])) throw Error($"atom {a}: unknown element '{CfgReader.Shorten(symbols[a])}'");

        var c = new Configuration(cell, types, positions) { Symbols = symbols, Energy = Number(Get("Energy"), "Energy") };
        if (o.TryGetProperty("Forces", out var forces) && forces.ValueKind != JsonValueKind.Null) c.Forces = Rows(forces, "Forces", n);
        if (o.TryGetProperty("T", out var t) && t.ValueKind == JsonValueKind.Number) c.Features.Add(new("T", t.GetRawText()));
        return c;
    }
}
