namespace LowRankMlip.Io;

/// <summary>
/// The <c>AtomData:</c> block of a .cfg (mtp-spec §8): validates the column header and reads the N rows.
/// Columns: id (1..N in order, optional), type (default 0), cartes_x/y/z or direct_x/y/z (exactly one
/// complete set), fx fy fz (all or none), site_en, charge, magmom_x/y/z, en_der_mx/my/mz,
/// ghost (true/false, stored as 1/0), nbh_grades. Anything else is an error.
/// </summary>
internal sealed class CfgAtomTable
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "id", "type", "cartes_x", "cartes_y", "cartes_z", "direct_x", "direct_y", "direct_z", "fx", "fy", "fz",
        "site_en", "charge", "magmom_x", "magmom_y", "magmom_z", "en_der_mx", "en_der_my", "en_der_mz", "ghost", "nbh_grades",
    };

    /// <summary>Columns that are carried in <see cref="Configuration.ExtraAtomColumns"/>.</summary>
    internal static readonly string[] ExtraColumnOrder =
        ["magmom_x", "magmom_y", "magmom_z", "en_der_mx", "en_der_my", "en_der_mz", "ghost", "nbh_grades"];

    public static CfgAtomTable Empty { get; } = new() { Types = [], Coordinates = [] };

    public required int[] Types { get; init; }
    /// <summary>Cartesian, or fractional when <see cref="Direct"/>.</summary>
    public required double[] Coordinates { get; init; }
    public bool Direct { get; init; }
    public double[]? Forces { get; init; }
    public double[]? SiteEnergies { get; init; }
    public double[]? Charges { get; init; }
    public List<(string Name, double[] Values)> Extra { get; } = [];

    public double[] CartesianPositions(Cell cell)
    {
        if (!Direct) return Coordinates;
        // mtp-spec §2.1: r = f0·L0 + f1·L1 + f2·L2 (absent rows are zero).
        var r = new double[Coordinates.Length];
        for (int i = 0; i < Types.Length; i++)
            cell.FractionalToCartesian(Coordinates.AsSpan(3 * i, 3), r.AsSpan(3 * i, 3));
        return r;
    }

    public static CfgAtomTable Read(CfgLexer lex, int headerLine, string[] columns, int n)
    {
        if (columns.Length == 0) throw lex.Error(headerLine, "AtomData: expected column names on the same line");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Length; c++)
        {
            var name = columns[c];
            if (!Known.Contains(name))
                throw lex.Error(headerLine, $"AtomData: unknown column '{CfgReader.Shorten(name)}' (allowed: {string.Join(' ', Known)})");
            if (!index.TryAdd(name, c)) throw lex.Error(headerLine, $"AtomData: duplicate column '{name}'");
        }
        int cart = CountSet(index, "cartes_x", "cartes_y", "cartes_z");
        int dir = CountSet(index, "direct_x", "direct_y", "direct_z");
        int frc = CountSet(index, "fx", "fy", "fz");
        if (cart == 3 && dir == 3) throw lex.Error(headerLine, "AtomData: both cartes_x/y/z and direct_x/y/z given; expected exactly one coordinate set");
        if (cart is > 0 and < 3) throw lex.Error(headerLine, $"AtomData: incomplete coordinate set ({Missing(index, "cartes_x", "cartes_y", "cartes_z")} missing)");
        if (dir is > 0 and < 3) throw lex.Error(headerLine, $"AtomData: incomplete coordinate set ({Missing(index, "direct_x", "direct_y", "direct_z")} missing)");
        if (cart == 0 && dir == 0) throw lex.Error(headerLine, "AtomData: expected one complete set of cartes_x cartes_y cartes_z or direct_x direct_y direct_z columns");
        if (frc is > 0 and < 3) throw lex.Error(headerLine, $"AtomData: forces need all of fx fy fz ({Missing(index, "fx", "fy", "fz")} missing)");
        bool direct = dir == 3;
        string p = direct ? "direct_" : "cartes_";
        int ix = index[p + "x"], iy = index[p + "y"], iz = index[p + "z"];
        int iid = index.GetValueOrDefault("id", -1), itype = index.GetValueOrDefault("type", -1);
        int isite = index.GetValueOrDefault("site_en", -1), icharge = index.GetValueOrDefault("charge", -1);
        int ighost = index.GetValueOrDefault("ghost", -1);

        var types = new int[n];
        var coords = new double[3 * n];
        var forces = frc == 3 ? new double[3 * n] : null;
        var site = isite >= 0 ? new double[n] : null;
        var charge = icharge >= 0 ? new double[n] : null;
        var extra = new List<(string, int, double[])>();
        foreach (var name in ExtraColumnOrder)
            if (index.TryGetValue(name, out int ci)) extra.Add((name, ci, new double[n]));
        int fx = frc == 3 ? index["fx"] : -1, fy = frc == 3 ? index["fy"] : -1, fz = frc == 3 ? index["fz"] : -1;
        string header = string.Join(' ', columns);

        for (int a = 0; a < n; a++)
        {
            int row = a + 1;
            var t = lex.NextLineTokens(out int line)
                ?? throw lex.Error(line, $"AtomData row {row}: unexpected end of file (Size = {n} rows expected)");
            if (t.Length != columns.Length)
            {
                bool numeric = CfgLexer.TryParseDouble(t[0], out _);
                throw lex.Error(line, numeric
                    ? $"AtomData row {row}: expected {columns.Length} numbers ({header}), found {t.Length}"
                    : $"AtomData row {row}: expected {columns.Length} numbers ({header}), found '{CfgReader.Shorten(t[0])}' (fewer rows than Size = {n}?)");
            }
            if (iid >= 0)
            {
                if (!CfgLexer.TryParseInt(t[iid], out int id)) throw lex.Error(line, $"AtomData row {row}: id: expected an integer, found '{CfgReader.Shorten(t[iid])}'");
                if (id != row) throw lex.Error(line, $"AtomData row {row}: expected id {row}, found {id} (ids must be 1..{n} in order)");
            }
            if (itype >= 0 && !CfgLexer.TryParseInt(t[itype], out types[a]))
                throw lex.Error(line, $"AtomData row {row}: type: expected an integer, found '{CfgReader.Shorten(t[itype])}'");
            coords[3 * a] = Num(lex, t, ix, columns, row, line);
            coords[3 * a + 1] = Num(lex, t, iy, columns, row, line);
            coords[3 * a + 2] = Num(lex, t, iz, columns, row, line);
            if (forces is not null)
            {
                forces[3 * a] = Num(lex, t, fx, columns, row, line);
                forces[3 * a + 1] = Num(lex, t, fy, columns, row, line);
                forces[3 * a + 2] = Num(lex, t, fz, columns, row, line);
            }
            if (site is not null) site[a] = Num(lex, t, isite, columns, row, line);
            if (charge is not null) charge[a] = Num(lex, t, icharge, columns, row, line);
            foreach (var (name, ci, values) in extra)
            {
                if (ci == ighost)
                    values[a] = t[ci] switch
                    {
                        "true" or "1" => 1,
                        "false" or "0" => 0,
                        _ => throw lex.Error(line, $"AtomData row {row}: ghost: expected true or false, found '{CfgReader.Shorten(t[ci])}'"),
                    };
                else values[a] = Num(lex, t, ci, columns, row, line);
            }
        }
        var table = new CfgAtomTable { Types = types, Coordinates = coords, Direct = direct, Forces = forces, SiteEnergies = site, Charges = charge };
        foreach (var (name, _, values) in extra) table.Extra.Add((name, values));
        return table;
    }

    private static double Num(CfgLexer lex, string[] t, int c, string[] columns, int row, int line) =>
        CfgLexer.TryParseDouble(t[c], out double v) ? v
            : throw lex.Error(line, $"AtomData row {row}: {columns[c]}: expected a number, found '{CfgReader.Shorten(t[c])}'");

    private static int CountSet(Dictionary<string, int> index, params string[] names) => names.Count(index.ContainsKey);

    private static string Missing(Dictionary<string, int> index, params string[] names) =>
        string.Join(' ', names.Where(n => !index.ContainsKey(n)));
}
