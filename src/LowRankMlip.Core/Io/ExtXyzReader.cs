using System.Globalization;

namespace LowRankMlip.Io;

/// <summary>
/// Streaming reader of extended XYZ in ASE conventions (datasets.md §3): per frame a count line, an info
/// line of key=value pairs and one line per atom laid out by <c>Properties=name:type:width:…</c>.
/// Recognised: <c>Lattice</c> (9 numbers, rows = lattice vectors, Å), <c>pbc</c>, <c>energy</c>/<c>Energy</c> (eV),
/// <c>virial</c> (9 numbers, eV; stored directly), <c>stress</c> (9 or 6 Voigt numbers, eV/Å³, ASE sign:
/// tensile positive; converted with W = −V·σ, mtp-spec §5.4), <c>energy_weight</c>/<c>force_weight</c>/<c>stress_weight</c>;
/// columns species (symbol → Types = Z and Symbols; an integer is a raw type), pos, forces/force,
/// charges, energies (site energies), Z, and the .cfg extra columns; other columns are skipped by their
/// width. Other info keys become <see cref="Configuration.Features"/> in order.
/// Directions with pbc = F get a zero lattice row (non-periodic, mtp-spec §2.1); all F → no cell.
/// </summary>
public static class ExtXyzReader
{
    internal static readonly HashSet<string> ReservedKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Lattice", "Properties", "energy", "stress", "virial", "pbc", "energy_weight", "force_weight", "stress_weight",
    };

    public static IEnumerable<Configuration> Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
        foreach (var c in Read(reader, path)) yield return c;
    }

    public static IEnumerable<Configuration> Read(TextReader reader, string fileName)
    {
        int lineNo = 0;
        int frame = 0;
        while (true)
        {
            string? countLine;
            do { countLine = reader.ReadLine(); lineNo++; } while (countLine is not null && countLine.Trim().Length == 0);
            if (countLine is null) yield break;
            int countLineNo = lineNo;
            if (!int.TryParse(countLine.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                throw new InputFormatException(fileName, lineNo, $"frame {frame}: expected the atom count, found '{CfgReader.Shorten(countLine.Trim())}'");
            string info = reader.ReadLine() ?? throw new InputFormatException(fileName, lineNo, $"frame {frame}: expected the info line, found end of file");
            lineNo++;
            var frameReader = new Frame(fileName, frame, lineNo);
            frameReader.ParseInfo(info);
            for (int a = 0; a < n; a++)
            {
                string line = reader.ReadLine() ?? throw new InputFormatException(fileName, lineNo,
                    $"frame {frame}: expected {n} atom lines (count on line {countLineNo}), found end of file after {a}");
                lineNo++;
                frameReader.ParseAtom(a, n, line, lineNo);
            }
            yield return frameReader.Build(n);
            frame++;
        }
    }

    private sealed class Frame(string file, int frame, int infoLine)
    {
        private readonly record struct Column(string Name, char Type, int Width, int Offset);

        private readonly List<Column> _columns = [];
        private int _width;
        private double[]? _lattice;
        private bool[] _pbc = [true, true, true];
        private bool _pbcGiven;
        private double? _energy, _ew, _fw, _sw;
        private double[]? _virial9, _stress;
        private readonly List<KeyValuePair<string, string>> _features = [];
        private string[] _species = [];
        private int[]? _z;
        private double[] _pos = [];
        private double[]? _forces, _charges, _site;
        private readonly Dictionary<string, double[]> _extra = new(StringComparer.Ordinal);

        private InputFormatException Error(int line, string problem) => new(file, line, $"frame {frame}: {problem}");

        public void ParseInfo(string info)
        {
            var pairs = ExtXyzInfoLine.Parse(info, out string? problem);
            if (problem is not null) throw Error(infoLine, problem);
            string properties = "species:S:1:pos:R:3"; // plain XYZ default
            foreach (var (key, value) in pairs)
            {
                switch (key.ToLowerInvariant())
                {
                    case "lattice": _lattice = Numbers(key, value, 9); break;
                    case "properties": properties = value; break;
                    case "energy": _energy = Numbers(key, value, 1)[0]; break;
                    case "virial": _virial9 = Numbers(key, value, 9); break;
                    case "stress": _stress = Numbers(key, value, 9, 6); break;
                    case "energy_weight": _ew = Numbers(key, value, 1)[0]; break;
                    case "force_weight": _fw = Numbers(key, value, 1)[0]; break;
                    case "stress_weight": _sw = Numbers(key, value, 1)[0]; break;
                    case "pbc": _pbc = Pbc(value); _pbcGiven = true; break;
                    default: _features.Add(new(key, value)); break;
                }
            }
            if (_lattice is null && !_pbcGiven) _pbc = [false, false, false];
            ParseProperties(properties);
        }

        private double[] Numbers(string key, string value, params int[] counts)
        {
            var t = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (Array.IndexOf(counts, t.Length) < 0)
                throw Error(infoLine, $"{key}: expected {string.Join(" or ", counts)} numbers, found {t.Length}");
            var r = new double[t.Length];
            for (int i = 0; i < t.Length; i++)
                if (!CfgLexer.TryParseDouble(t[i], out r[i])) throw Error(infoLine, $"{key}: expected a number, found '{CfgReader.Shorten(t[i])}'");
            return r;
        }

        private bool[] Pbc(string value)
        {
            var t = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 1) t = [t[0], t[0], t[0]];
            if (t.Length != 3) throw Error(infoLine, $"pbc: expected 3 flags (T/F), found {t.Length}");
            return t.Select(s => s.ToUpperInvariant() switch
            {
                "T" or "TRUE" or "1" => true,
                "F" or "FALSE" or "0" => false,
                _ => throw Error(infoLine, $"pbc: expected T or F, found '{CfgReader.Shorten(s)}'"),
            }).ToArray();
        }

        private void ParseProperties(string spec)
        {
            var parts = spec.Split(':');
            if (parts.Length % 3 != 0) throw Error(infoLine, $"Properties: expected name:type:width triples, found '{CfgReader.Shorten(spec)}'");
            for (int i = 0; i < parts.Length; i += 3)
            {
                if (parts[i + 1].Length != 1 || "SRIL".IndexOf(parts[i + 1][0]) < 0)
                    throw Error(infoLine, $"Properties: column '{parts[i]}' has type '{parts[i + 1]}'; expected S, R, I or L");
                if (!int.TryParse(parts[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out int w) || w < 1)
                    throw Error(infoLine, $"Properties: column '{parts[i]}' has width '{parts[i + 2]}'; expected a positive integer");
                _columns.Add(new Column(parts[i], parts[i + 1][0], w, _width));
                _width += w;
            }
            if (!_columns.Any(c => c.Name == "pos" && c.Width == 3 && c.Type == 'R'))
                throw Error(infoLine, "Properties: no pos:R:3 column");
            if (!_columns.Any(c => (c.Name is "species" && c.Type == 'S' && c.Width == 1) || (c.Name == "Z" && c.Type == 'I' && c.Width == 1)))
                throw Error(infoLine, "Properties: no species:S:1 (or Z:I:1) column");
        }

        public void ParseAtom(int a, int n, string line, int lineNo)
        {
            if (a == 0)
            {
                _species = new string[n];
                _pos = new double[3 * n];
            }
            var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length != _width)
                throw Error(lineNo, $"atom {a + 1}: expected {_width} values (Properties), found {t.Length}");
            foreach (var col in _columns)
            {
                switch (col.Name)
                {
                    case "species" when col.Type == 'S' && col.Width == 1: _species[a] = t[col.Offset]; break;
                    case "Z" when col.Type == 'I' && col.Width == 1:
                        _z ??= new int[n];
                        if (!int.TryParse(t[col.Offset], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _z[a]))
                            throw Error(lineNo, $"atom {a + 1}: Z: expected an integer, found '{CfgReader.Shorten(t[col.Offset])}'");
                        break;
                    case "pos" when col.Type == 'R' && col.Width == 3: Read3(_pos, a, t, col, lineNo); break;
                    case "forces" or "force" when col.Type == 'R' && col.Width == 3: Read3(_forces ??= new double[3 * n], a, t, col, lineNo); break;
                    case "charges" or "charge" when col.Type == 'R' && col.Width == 1: (_charges ??= new double[n])[a] = Num(t, col.Offset, col.Name, a, lineNo); break;
                    case "energies" when col.Type == 'R' && col.Width == 1: (_site ??= new double[n])[a] = Num(t, col.Offset, col.Name, a, lineNo); break;
                    default:
                        if (col.Width == 1 && col.Type == 'R' && Array.IndexOf(CfgAtomTable.ExtraColumnOrder, col.Name) >= 0)
                        {
                            if (!_extra.TryGetValue(col.Name, out var v)) _extra[col.Name] = v = new double[n];
                            v[a] = Num(t, col.Offset, col.Name, a, lineNo);
                        }
                        break; // unknown column: skipped by its declared width
                }
            }
        }

        private double Num(string[] t, int i, string name, int a, int lineNo) =>
            CfgLexer.TryParseDouble(t[i], out double v) ? v : throw Error(lineNo, $"atom {a + 1}: {name}: expected a number, found '{CfgReader.Shorten(t[i])}'");

        private void Read3(double[] target, int a, string[] t, Column col, int lineNo)
        {
            for (int k = 0; k < 3; k++) target[3 * a + k] = Num(t, col.Offset + k, col.Name, a, lineNo);
        }

        public Configuration Build(int n)
        {
            if (n == 0) { _species = []; _pos = []; }
            var types = new int[n];
            bool hasSpecies = _columns.Any(c => c.Name == "species" && c.Type == 'S');
            bool allSymbols = hasSpecies;
            for (int a = 0; a < n; a++)
            {
                if (!hasSpecies) { types[a] = _z![a]; continue; }
                string s = _species[a];
                if (Elements.TryGetAtomicNumber(s, out int z)) types[a] = z;
                else if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int raw)) { types[a] = raw; allSymbols = false; }
                else throw Error(infoLine + 1 + a, $"atom {a + 1}: unknown species '{CfgReader.Shorten(s)}' (expected an element symbol or an integer type)");
            }
            string[]? symbols = allSymbols ? _species : null;
            Cell cell = Cell.None;
            double volume = 0;
            if (_lattice is not null)
            {
                volume = Cell.Periodic(_lattice).Volume;
                if (_pbc[0] || _pbc[1] || _pbc[2])
                {
                    var rows = (double[])_lattice.Clone();
                    for (int r = 0; r < 3; r++) if (!_pbc[r]) rows[3 * r] = rows[3 * r + 1] = rows[3 * r + 2] = 0;
                    cell = Cell.Periodic(rows);
                }
            }
            var c = new Configuration(cell, types, _pos)
            {
                Symbols = symbols,
                Energy = _energy,
                Forces = _forces,
                Charges = _charges,
                SiteEnergies = _site,
                EnergyWeight = _ew,
                ForceWeight = _fw,
                StressWeight = _sw,
            };
            foreach (var (k, v) in _extra) c.ExtraAtomColumns[k] = v;
            c.Features.AddRange(_features);
            if (_virial9 is not null) c.Virial = FromMatrix(_virial9, 1);
            else if (_stress is not null)
            {
                if (volume == 0) throw Error(infoLine, "stress needs a Lattice with non-zero volume (W = −V·σ)");
                var s9 = _stress.Length == 9 ? _stress : VoigtToMatrix(_stress);
                c.Virial = FromMatrix(s9, -volume); // mtp-spec §5.4: W = −V·σ
            }
            return c;
        }

        /// <summary>ASE Voigt order xx yy zz yz xz xy → row-major 3×3.</summary>
        private static double[] VoigtToMatrix(double[] v) => [v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2]];

        /// <summary>Row-major 3×3 (symmetrised) × factor → MLIP order xx yy zz yz xz xy.</summary>
        private static double[] FromMatrix(double[] m, double factor) =>
        [
            factor * m[0], factor * m[4], factor * m[8],
            factor * 0.5 * (m[5] + m[7]), factor * 0.5 * (m[2] + m[6]), factor * 0.5 * (m[1] + m[3]),
        ];
    }
}
