using System.Globalization;
using System.Text;

namespace LowRankMlip.Io;

/// <summary>Number notation of <see cref="CfgWriter"/>.</summary>
public enum CfgPrecision
{
    /// <summary>MLIP's default lossy fixed notation (mtp-spec §8: lattice 13/6, positions 13/6, forces 11/6, energy 20/12, stress 11/5 …).</summary>
    MlipDefault,
    /// <summary>MLIP's "no loss" mode: <c>%.16e</c> everywhere; every double round-trips exactly.</summary>
    Lossless,
}

/// <summary>
/// Writes configurations in MLIP's text .cfg format exactly as MLIP prints them (mtp-spec §8): same
/// header texts, C printf widths/precisions (glibc rounding, <c>-0.000000</c>), "\n" line ends and one
/// blank line after each END_CFG.
/// </summary>
public static class CfgWriter
{
    private const string StressHeader = " PlusStress:  xx          yy          zz          yz          xz          xy\n";

    public static void Write(TextWriter writer, Configuration c, CfgPrecision mode = CfgPrecision.MlipDefault)
    {
        var sb = new StringBuilder(128 + 100 * c.AtomCount);
        Append(sb, c, mode);
        writer.Write(sb);
    }

    /// <summary>Writes all configurations to <paramref name="path"/> atomically; returns the count.</summary>
    public static int WriteAll(string path, IEnumerable<Configuration> configurations, CfgPrecision mode = CfgPrecision.MlipDefault)
    {
        using var w = AtomicFile.Create(path);
        int n = 0;
        foreach (var c in configurations) { Write(w.Writer, c, mode); n++; }
        w.Commit();
        return n;
    }

    public static string ToText(Configuration c, CfgPrecision mode = CfgPrecision.MlipDefault)
    {
        var sb = new StringBuilder();
        Append(sb, c, mode);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Configuration c, CfgPrecision mode)
    {
        bool lossless = mode == CfgPrecision.Lossless;
        string F(double x, int width, int precision) => lossless ? CNumberFormat.Exp16(x) : CNumberFormat.Fixed(x, width, precision);
        var inv = CultureInfo.InvariantCulture;
        int n = c.AtomCount;

        sb.Append("BEGIN_CFG\n Size\n    ").Append(n.ToString(inv)).Append('\n');
        if (c.Cell.RowCount > 0)
        {
            sb.Append(" Supercell\n");
            for (int r = 0; r < c.Cell.RowCount; r++)
            {
                var v = c.Cell.Vectors;
                sb.Append("    ").Append(F(v[3 * r], 13, 6)).Append(' ').Append(F(v[3 * r + 1], 13, 6)).Append(' ').Append(F(v[3 * r + 2], 13, 6)).Append('\n');
            }
        }

        // Column header: MLIP's text, optional columns right-aligned over their field.
        sb.Append(" AtomData:  id type       cartes_x      cartes_y      cartes_z");
        if (c.Forces is not null) sb.Append("           fx          fy          fz");
        if (c.SiteEnergies is not null) sb.Append("           site_en");
        if (c.Charges is not null) sb.Append("      charge");
        var extras = new List<(string Name, double[] Values)>();
        foreach (var name in CfgAtomTable.ExtraColumnOrder)
            if (c.ExtraAtomColumns.TryGetValue(name, out var values))
            {
                if (values.Length != n) throw new ArgumentException($"ExtraAtomColumns['{name}'] has {values.Length} values for {n} atoms");
                extras.Add((name, values));
                sb.Append(' ', Math.Max(1, ExtraWidth(name) - name.Length)).Append(name);
            }
        foreach (var name in c.ExtraAtomColumns.Keys)
            if (Array.IndexOf(CfgAtomTable.ExtraColumnOrder, name) < 0)
                throw new ArgumentException($"ExtraAtomColumns['{name}'] is not a .cfg column (allowed: {string.Join(' ', CfgAtomTable.ExtraColumnOrder)})");
        sb.Append('\n');

        var p = c.Positions;
        for (int i = 0; i < n; i++)
        {
            if (lossless) sb.Append("    ").Append((i + 1).ToString(inv)).Append(' ').Append(c.Types[i].ToString(inv));
            else sb.Append("    ").Append((i + 1).ToString(inv).PadLeft(10)).Append(' ').Append(c.Types[i].ToString(inv).PadLeft(4));
            sb.Append("  ").Append(F(p[3 * i], 13, 6)).Append(' ').Append(F(p[3 * i + 1], 13, 6)).Append(' ').Append(F(p[3 * i + 2], 13, 6));
            if (c.Forces is { } f)
                sb.Append("  ").Append(F(f[3 * i], 11, 6)).Append(' ').Append(F(f[3 * i + 1], 11, 6)).Append(' ').Append(F(f[3 * i + 2], 11, 6));
            if (c.SiteEnergies is { } se) sb.Append(' ').Append(F(se[i], 17, 12));
            if (c.Charges is { } q) sb.Append("    ").Append(F(q[i], 8, 4));
            foreach (var (name, values) in extras)
            {
                if (name == "ghost") sb.Append((values[i] != 0 ? "true" : "false").PadLeft(ExtraWidth(name)));
                else if (name == "nbh_grades") sb.Append("  ").Append(F(values[i], 15, 5));
                else sb.Append("  ").Append(F(values[i], 11, 6));
            }
            sb.Append('\n');
        }

        if (c.Energy is { } e) sb.Append(" Energy\n    ").Append(F(e, 20, 12)).Append('\n');
        if (c.Virial is { } w)
        {
            if (w.Length != 6) throw new ArgumentException($"Virial has {w.Length} components; expected 6 (xx yy zz yz xz xy)");
            sb.Append(StressHeader).Append("    ");
            for (int k = 0; k < 6; k++) sb.Append(' ').Append(F(w[k], 11, 5));
            sb.Append('\n');
        }
        // Weight blocks (read by CfgReader); written lossless since MLIP has no fixed format for them.
        if (c.EnergyWeight is { } ew) sb.Append(" EnergyWeight\n    ").Append(CNumberFormat.Exp16(ew)).Append('\n');
        if (c.ForceWeight is { } fw) sb.Append(" ForceWeight\n    ").Append(CNumberFormat.Exp16(fw)).Append('\n');
        if (c.StressWeight is { } sw) sb.Append(" StressWeight\n    ").Append(CNumberFormat.Exp16(sw)).Append('\n');
        foreach (var (name, value) in c.Features)
        {
            if (name.Length == 0 || name.Any(char.IsWhiteSpace)) throw new ArgumentException($"feature name '{name}' must be one non-empty token");
            foreach (var line in value.Split('\n')) sb.Append(" Feature   ").Append(name).Append('\t').Append(line).Append('\n');
        }
        sb.Append("END_CFG\n\n");
    }

    /// <summary>Field width (separator included) of an extra column in the default notation.</summary>
    private static int ExtraWidth(string name) => name switch
    {
        "ghost" => 7,
        "nbh_grades" => 17,
        _ => 13,
    };
}
