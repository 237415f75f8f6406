namespace LowRankMlip.Io;

/// <summary>
/// Parses the body of one <c>BEGIN_CFG … END_CFG</c> block (mtp-spec §8). Keywords may come in any
/// order except that <c>Size</c> must precede <c>AtomData:</c>; each may appear once.
/// </summary>
internal sealed class CfgBlockParser(CfgLexer lex, int beginLine, CfgReadOptions options)
{
    private static readonly string[] StressNames = ["xx", "yy", "zz", "yz", "xz", "xy"];

    private int? _size;
    private int _sizeLine;
    private double[]? _lattice;
    private CfgAtomTable? _atoms;
    private double? _energy;
    private double[]? _virial;
    private bool _virialIsPerVolume;
    private int _virialLine;
    private double? _energyWeight, _forceWeight, _stressWeight;
    private readonly List<KeyValuePair<string, string>> _features = [];

    public Configuration Parse()
    {
        while (true)
        {
            if (!lex.TryNext(out var tok))
                throw lex.Error(lex.LineNumber, $"unexpected end of file: END_CFG missing for the configuration starting at line {beginLine}");
            string k = tok.Text;
            if (k == "END_CFG") return Build(tok.Line);
            if (Is(k, "Size")) ReadSize(tok);
            else if (Is(k, "Supercell")) ReadSupercell(tok);
            else if (Is(k, "AtomData:") || Is(k, "Atomic_data:")) ReadAtomData(tok);
            else if (Is(k, "Energy")) _energy = ReadScalar(tok, _energy.HasValue);
            else if (Is(k, "PlusStress:")) ReadStress(tok, perVolume: false, sign: 1);
            else if (Is(k, "Virial:")) ReadStress(tok, perVolume: true, sign: 1);
            else if (Is(k, "Stress:")) ReadLegacyStress(tok);
            else if (Is(k, "Feature")) ReadFeature(tok);
            else if (Is(k, "Features:")) ReadFeatures(tok);
            else if (Is(k, "EnergyWeight")) _energyWeight = ReadScalar(tok, _energyWeight.HasValue);
            else if (Is(k, "ForceWeight")) _forceWeight = ReadScalar(tok, _forceWeight.HasValue);
            else if (Is(k, "StressWeight")) _stressWeight = ReadScalar(tok, _stressWeight.HasValue);
            else if (k == "BEGIN_CFG")
                throw lex.Error(tok.Line, $"BEGIN_CFG inside the configuration starting at line {beginLine} (END_CFG missing)");
            else if (CfgLexer.TryParseDouble(k, out _))
                throw lex.Error(tok.Line, _atoms is not null
                    ? $"unexpected number '{k}': AtomData already has the {_size} rows given by Size (line {_sizeLine})"
                    : $"unexpected number '{k}' where a keyword was expected");
            else
                throw lex.Error(tok.Line, $"unknown keyword '{CfgReader.Shorten(k)}' (expected Size, Supercell, AtomData:, Energy, PlusStress:, Feature or END_CFG)");
        }
    }

    private static bool Is(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

    private void ReadSize(CfgToken key)
    {
        if (_size.HasValue) throw lex.Error(key.Line, $"Size given twice (first at line {_sizeLine})");
        if (!lex.TryNext(out var t)) throw lex.Error(key.Line, "Size: expected the number of atoms, found end of file");
        if (!CfgLexer.TryParseInt(t.Text, out int n) || n < 0)
            throw lex.Error(t.Line, $"Size: expected a non-negative integer, found '{CfgReader.Shorten(t.Text)}'");
        _size = n;
        _sizeLine = t.Line;
    }

    /// <summary>§8: Supercell/SuperCell + 3, 6 or 9 numbers = 1–3 lattice rows.</summary>
    private void ReadSupercell(CfgToken key)
    {
        if (_lattice is not null) throw lex.Error(key.Line, "Supercell given twice");
        var values = new List<double>(9);
        int lastLine = key.Line;
        while (lex.TryPeek(out var t) && CfgLexer.TryParseDouble(t.Text, out double v))
        {
            lex.TryNext(out _);
            values.Add(v);
            lastLine = t.Line;
        }
        // 0 numbers also occurs (identical/all_identical3.cfg, accepted by MLIP): no lattice.
        if (values.Count is not (0 or 3 or 6 or 9))
            throw lex.Error(lastLine, $"Supercell: expected 3, 6 or 9 numbers (1–3 lattice vectors), found {values.Count}");
        _lattice = values.ToArray();
    }

    private double ReadScalar(CfgToken key, bool duplicate)
    {
        if (duplicate) throw lex.Error(key.Line, $"{key.Text} given twice");
        if (!lex.TryNext(out var t)) throw lex.Error(key.Line, $"{key.Text}: expected a number, found end of file");
        if (!CfgLexer.TryParseDouble(t.Text, out double v))
            throw lex.Error(t.Line, $"{key.Text}: expected a number, found '{CfgReader.Shorten(t.Text)}'");
        return v;
    }

    private void ReadAtomData(CfgToken key)
    {
        if (_atoms is not null) throw lex.Error(key.Line, "AtomData: given twice");
        if (!_size.HasValue) throw lex.Error(key.Line, "Size must precede AtomData:");
        var columns = lex.RestOfLine().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        _atoms = CfgAtomTable.Read(lex, key.Line, columns, _size.Value);
    }

    /// <summary>§8: PlusStress: + six names in any order, then six values on the next line; stored as xx yy zz yz xz xy.</summary>
    private void ReadStress(CfgToken key, bool perVolume, double sign)
    {
        if (_virial is not null) throw lex.Error(key.Line, $"{key.Text} given twice (stress already read at line {_virialLine})");
        var names = lex.RestOfLine().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (names.Length != 6)
            throw lex.Error(key.Line, $"{key.Text} expected six component names (xx yy zz yz xz xy in any order), found {names.Length}");
        var slot = new int[6];
        var seen = new bool[6];
        for (int i = 0; i < 6; i++)
        {
            int s = Array.IndexOf(StressNames, names[i]);
            if (s < 0) throw lex.Error(key.Line, $"{key.Text} unknown component '{CfgReader.Shorten(names[i])}' (expected xx yy zz yz xz xy)");
            if (seen[s]) throw lex.Error(key.Line, $"{key.Text} component '{names[i]}' given twice");
            seen[s] = true;
            slot[i] = s;
        }
        var values = lex.NextLineTokens(out int line) ?? throw lex.Error(line, $"{key.Text} expected 6 numbers, found end of file");
        if (values.Length != 6)
            throw lex.Error(line, $"{key.Text} expected 6 numbers ({string.Join(' ', names)}), found {values.Length}");
        var w = new double[6];
        for (int i = 0; i < 6; i++)
        {
            if (!CfgLexer.TryParseDouble(values[i], out double v))
                throw lex.Error(line, $"{key.Text} component {names[i]}: expected a number, found '{CfgReader.Shorten(values[i])}'");
            w[slot[i]] = sign * v;
        }
        _virial = w;
        _virialIsPerVolume = perVolume;
        _virialLine = line;
    }

    private void ReadLegacyStress(CfgToken key)
    {
        switch (options.LegacyStress)
        {
            case CfgLegacyStress.NegatedVirial: ReadStress(key, perVolume: false, sign: -1); break;
            case CfgLegacyStress.Virial: ReadStress(key, perVolume: false, sign: 1); break;
            default:
                throw lex.Error(key.Line, "legacy 'Stress:' block is refused (as MLIP-3 does by default): its sign is ambiguous; " +
                    "rename it to 'PlusStress:' if the values are the virial W, or read with CfgReadOptions.LegacyStress");
        }
    }

    /// <summary>§8: Feature name value — value = rest of the line after one separator character.</summary>
    private void ReadFeature(CfgToken key)
    {
        if (!lex.TryPeek(out var name) || name.Line != key.Line)
            throw lex.Error(key.Line, "Feature: expected a name on the same line");
        lex.TryNext(out _);
        string rest = lex.RestOfLine();
        _features.Add(new(name.Text, rest.Length > 0 ? rest[1..] : ""));
    }

    /// <summary>§8: Features: followed by a line of names and a line of values (rare).</summary>
    private void ReadFeatures(CfgToken key)
    {
        var trailing = lex.RestOfLine();
        if (trailing.Trim().Length > 0) throw lex.Error(key.Line, "Features: expected the names on the next line");
        var names = lex.NextLineTokens(out int nl) ?? throw lex.Error(nl, "Features: expected a line of names, found end of file");
        var values = lex.NextLineTokens(out int vl) ?? throw lex.Error(vl, "Features: expected a line of values, found end of file");
        if (values.Length != names.Length)
            throw lex.Error(vl, $"Features: expected {names.Length} values (one per name on line {nl}), found {values.Length}");
        for (int i = 0; i < names.Length; i++) _features.Add(new(names[i], values[i]));
    }

    private Configuration Build(int endLine)
    {
        if (!_size.HasValue) throw lex.Error(endLine, $"configuration starting at line {beginLine} has no Size");
        if (_atoms is null && _size.Value > 0)
            throw lex.Error(endLine, $"configuration starting at line {beginLine}: Size = {_size} but no AtomData: block");
        var atoms = _atoms ?? CfgAtomTable.Empty;
        var cell = _lattice is null || _lattice.Length == 0 ? Cell.None : new Cell(_lattice, _lattice.Length / 3);
        var positions = atoms.CartesianPositions(cell);
        var c = new Configuration(cell, atoms.Types, positions)
        {
            Energy = _energy,
            Forces = atoms.Forces,
            SiteEnergies = atoms.SiteEnergies,
            Charges = atoms.Charges,
            EnergyWeight = _energyWeight,
            ForceWeight = _forceWeight,
            StressWeight = _stressWeight,
        };
        foreach (var (name, values) in atoms.Extra) c.ExtraAtomColumns[name] = values;
        if (_virial is not null)
        {
            if (_virialIsPerVolume)
            {
                // §8 legacy "Virial:": the values are divided by the cell volume (sic, as MLIP does).
                double vol = cell.Volume;
                if (vol == 0) throw lex.Error(_virialLine, "Virial: needs a three-dimensional Supercell (the values are divided by its volume)");
                for (int i = 0; i < 6; i++) _virial[i] /= vol;
            }
            c.Virial = _virial;
        }
        c.Features.AddRange(_features);
        return c;
    }
}
