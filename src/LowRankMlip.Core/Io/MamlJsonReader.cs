using System.Text.Json;

namespace LowRankMlip.Io;

/// <summary>
/// Reader of maml/mlearn JSON (datasets.md §3): a top-level list of records with a pymatgen
/// <c>structure</c> (<c>lattice.matrix</c> rows = lattice vectors, <c>sites[i].xyz</c> Cartesian Å,
/// <c>sites[i].species[0].element</c>), <c>outputs.energy</c> (eV), <c>outputs.forces</c> (eV/Å) and
/// <c>outputs.virial_stress</c> or <c>outputs.stress</c> (6 numbers, kbar, VASP order xx yy zz xy yz zx).
/// The stress becomes MLIP's virial W = value_kbar · V / 1602.1766208 (same sign), reordered to
/// xx yy zz yz xz xy. Types are atomic numbers Z; <see cref="Configuration.Symbols"/> is set.
/// The array is streamed from the file one record at a time.
/// </summary>
public static class MamlJsonReader
{
    public static IEnumerable<Configuration> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        foreach (var c in Read(stream, path)) yield return c;
    }

    public static IEnumerable<Configuration> Read(Stream stream, string fileName)
    {
        var records = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: false).ToBlockingEnumerable();
        using var e = records.GetEnumerator();
        int index = 0;
        while (true)
        {
            JsonElement record;
            try
            {
                if (!e.MoveNext()) yield break;
                record = e.Current;
            }
            catch (JsonException ex)
            {
                int line = ex.LineNumber is long l ? (int)l + 1 : 0;
                throw new InputFormatException(fileName, line, $"invalid JSON after {index} complete records (expected a list of records; records are parsed in buffered blocks, the line is exact): {ex.Message}", ex);
            }
            yield return Convert(record, fileName, index);
            index++;
        }
    }

    private static Configuration Convert(JsonElement record, string file, int index)
    {
        InputFormatException Error(string problem) => new(file, 0, $"record {index}: {problem}");
        JsonElement Get(JsonElement parent, string name, string path) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) ? v : throw Error($"missing '{path}'");
        double Number(JsonElement v, string path) =>
            v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Error($"'{path}' is {v.ValueKind}, expected a number");
        double[] Numbers(JsonElement v, int count, string path)
        {
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != count) throw Error($"'{path}' must be a list of {count} numbers");
            var r = new double[count];
            int i = 0;
            foreach (var x in v.EnumerateArray()) r[i] = Number(x, $"{path}[{i++}]");
            return r;
        }

        if (record.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {record.ValueKind}");
        var structure = Get(record, "structure", "structure");
        var matrix = Get(Get(structure, "lattice", "structure.lattice"), "matrix", "structure.lattice.matrix");
        if (matrix.ValueKind != JsonValueKind.Array || matrix.GetArrayLength() != 3) throw Error("'structure.lattice.matrix' must be 3 rows");
        var lattice = new double[9];
        int row = 0;
        foreach (var r in matrix.EnumerateArray()) { Numbers(r, 3, $"structure.lattice.matrix[{row}]").CopyTo(lattice, 3 * row); row++; }
        var cell = Cell.Periodic(lattice);

        var sites = Get(structure, "sites", "structure.sites");
        if (sites.ValueKind != JsonValueKind.Array) throw Error("'structure.sites' must be a list");
        int n = sites.GetArrayLength();
        var types = new int[n];
        var symbols = new string[n];
        var positions = new double[3 * n];
        int a = 0;
        foreach (var site in sites.EnumerateArray())
        {
            var species = Get(site, "species", $"structure.sites[{a}].species");
            if (species.ValueKind != JsonValueKind.Array || species.GetArrayLength() < 1) throw Error($"'structure.sites[{a}].species' must be a non-empty list");
            if (species.GetArrayLength() > 1) throw Error($"structure.sites[{a}] is a disordered site ({species.GetArrayLength()} species); expected one");
            var el = Get(species[0], "element", $"structure.sites[{a}].species[0].element");
            string sym = el.GetString() ?? "";
            if (!Elements.TryGetAtomicNumber(sym, out types[a])) throw Error($"structure.sites[{a}]: unknown element '{CfgReader.Shorten(sym)}'");
            symbols[a] = sym;
            Numbers(Get(site, "xyz", $"structure.sites[{a}].xyz"), 3, $"structure.sites[{a}].xyz").CopyTo(positions, 3 * a);
            a++;
        }

        var c = new Configuration(cell, types, positions) { Symbols = symbols };
        if (record.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object)
        {
            if (outputs.TryGetProperty("energy", out var en) && en.ValueKind != JsonValueKind.Null) c.Energy = Number(en, "outputs.energy");
            if (outputs.TryGetProperty("forces", out var fr) && fr.ValueKind != JsonValueKind.Null)
            {
                if (fr.ValueKind != JsonValueKind.Array || fr.GetArrayLength() != n) throw Error($"'outputs.forces' must be {n} rows of 3 numbers");
                var f = new double[3 * n];
                int i = 0;
                foreach (var r in fr.EnumerateArray()) { Numbers(r, 3, $"outputs.forces[{i}]").CopyTo(f, 3 * i); i++; }
                c.Forces = f;
            }
            string? key = outputs.TryGetProperty("virial_stress", out var vs) && vs.ValueKind != JsonValueKind.Null ? "virial_stress"
                : outputs.TryGetProperty("stress", out vs) && vs.ValueKind != JsonValueKind.Null ? "stress" : null;
            if (key is not null) c.Virial = KbarToVirial(Numbers(vs, 6, "outputs." + key), cell.Volume);
        }
        return c;
    }

    /// <summary>VASP "in kB" line (xx yy zz xy yz zx, kbar) → MLIP virial (eV, xx yy zz yz xz xy): W = s · V / 1602.1766208.</summary>
    public static double[] KbarToVirial(ReadOnlySpan<double> kbar, double volume)
    {
        double f = volume / Units.KbarPerEvPerCubicAngstrom;
        return [kbar[0] * f, kbar[1] * f, kbar[2] * f, kbar[4] * f, kbar[5] * f, kbar[3] * f];
    }
}
