using System.Globalization;
using System.Text;

namespace LowRankMlip.Io;

/// <summary>
/// Writes extended XYZ in the conventions <see cref="ExtXyzReader"/> reads (ASE style, datasets.md §3),
/// losslessly (shortest round-trip doubles). The virial is written as <c>virial</c> (eV, exact) and, for
/// a 3-D cell, also as ASE <c>stress</c> = −W/V (eV/Å³, mtp-spec §5.4); the reader prefers <c>virial</c>.
/// Species are <see cref="Configuration.Symbols"/> when set, else the raw type integers.
/// </summary>
public static class ExtXyzWriter
{
    public static void Write(TextWriter writer, Configuration c)
    {
        var sb = new StringBuilder(256 + 80 * c.AtomCount);
        Append(sb, c);
        writer.Write(sb);
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder sb, Configuration c)
    {
        int n = c.AtomCount;
        if (c.Symbols is not null && c.Symbols.Length != n) throw new ArgumentException($"Symbols has {c.Symbols.Length} entries for {n} atoms");
        sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');

        var cell = c.Cell;
        if (cell.RowCount > 0)
        {
            sb.Append("Lattice=\"");
            for (int k = 0; k < 9; k++) sb.Append(k > 0 ? " " : "").Append(R(cell.Vectors[k]));
            sb.Append("\" ");
        }
        sb.Append("Properties=species:S:1:pos:R:3");
        if (c.Forces is not null) sb.Append(":forces:R:3");
        if (c.Charges is not null) sb.Append(":charges:R:1");
        if (c.SiteEnergies is not null) sb.Append(":energies:R:1");
        var extras = CfgAtomTable.ExtraColumnOrder.Where(c.ExtraAtomColumns.ContainsKey).ToArray();
        foreach (var name in extras) sb.Append(':').Append(name).Append(":R:1");
        if (c.Energy is { } e) sb.Append(" energy=").Append(R(e));
        if (c.Virial is { } w)
        {
            Span<double> m = stackalloc double[9];
            Units.VirialToMatrix(w, m);
            sb.Append(" virial=\"");
            for (int k = 0; k < 9; k++) sb.Append(k > 0 ? " " : "").Append(R(m[k]));
            sb.Append('"');
            double vol = cell.Volume;
            if (cell.PeriodicDimensionCount == 3 && vol > 0)
            {
                sb.Append(" stress=\"");
                for (int k = 0; k < 9; k++) sb.Append(k > 0 ? " " : "").Append(R(-m[k] / vol));
                sb.Append('"');
            }
        }
        if (c.EnergyWeight is { } ew) sb.Append(" energy_weight=").Append(R(ew));
        if (c.ForceWeight is { } fw) sb.Append(" force_weight=").Append(R(fw));
        if (c.StressWeight is { } sw) sb.Append(" stress_weight=").Append(R(sw));
        sb.Append(" pbc=\"").Append(cell.IsPeriodic(0) ? 'T' : 'F').Append(' ').Append(cell.IsPeriodic(1) ? 'T' : 'F').Append(' ').Append(cell.IsPeriodic(2) ? 'T' : 'F').Append('"');
        foreach (var (key, value) in c.Features)
        {
            if (key.Length == 0 || key.Any(ch => char.IsWhiteSpace(ch) || ch is '=' or '"') || ExtXyzReader.ReservedKeys.Contains(key))
                throw new ArgumentException($"feature name '{key}' cannot be an extended-XYZ key");
            foreach (var part in value.Split('\n')) sb.Append(' ').Append(key).Append('=').Append(ExtXyzInfoLine.Quote(part));
        }
        sb.Append('\n');

        var p = c.Positions;
        for (int i = 0; i < n; i++)
        {
            sb.Append(c.Symbols?[i] ?? c.Types[i].ToString(CultureInfo.InvariantCulture));
            sb.Append(' ').Append(R(p[3 * i])).Append(' ').Append(R(p[3 * i + 1])).Append(' ').Append(R(p[3 * i + 2]));
            if (c.Forces is { } f) sb.Append(' ').Append(R(f[3 * i])).Append(' ').Append(R(f[3 * i + 1])).Append(' ').Append(R(f[3 * i + 2]));
            if (c.Charges is { } q) sb.Append(' ').Append(R(q[i]));
            if (c.SiteEnergies is { } se) sb.Append(' ').Append(R(se[i]));
            foreach (var name in extras) sb.Append(' ').Append(R(c.ExtraAtomColumns[name][i]));
            sb.Append('\n');
        }
    }
}
