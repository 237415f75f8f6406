using System.Globalization;
using System.Text;
using LowRankMlip.Io;

namespace LowRankMlip.Mtp.Io;

/// <summary>
/// Reads and writes MLIP's .mtp / .almtp potential files (mtp-spec §7). Reading follows MLIP-3's
/// fixed key order but is tolerant of whitespace, CRLF, old key names (min_val/max_val/basis_size)
/// and absolute atomic-number species headers; an .almtp trailer after moment_coeffs is ignored.
/// Writing reproduces MLIP's layout with "%.15e" numbers, widened to 17 significant digits only
/// where 16 would not round-trip, so a read–write cycle is exact.
/// </summary>
public static class MtpFile
{
    public static MtpPotential Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, 0, $"cannot read the potential file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static MtpPotential Parse(string text, string fileName)
    {
        var s = new MtpTextScanner(text, fileName);
        var first = s.ReadWord("'MTP'");
        if (first != "MTP") throw s.Error($"expected 'MTP' on the first line, found '{first}'");
        s.ExpectKey("version");
        var version = s.ReadWord("a version");
        if (version != "1.1.0")
            throw s.Error($"unsupported version '{version}': only 'version = 1.1.0' (MLIP-2/MLIP-3 MTP) is supported");

        string name = s.TryKey("potential_name") ? s.ReadWord("a potential name") : "MTP1m";
        double scaling = s.TryKey("scaling") ? s.ReadDouble("scaling") : 1.0;
        int speciesCount = s.TryKey("species_count") ? s.ReadInt("species_count") : 0;
        if (speciesCount < 0) throw s.Error($"species_count = {speciesCount}: expected a non-negative integer");
        string tag = s.TryKey("potential_tag") ? s.ReadRestOfLine() : "";

        s.ExpectKey("radial_basis_type");
        var basisName = s.ReadWord("a radial basis type");
        var kind = RadialBasisKindNames.TryParse(basisName)
            ?? throw s.Error($"radial_basis_type = {basisName} is not supported (supported: RBChebyshev, RBChebyshev_repuls)");
        if (s.TryKey("scaling")) scaling *= s.ReadDouble("basis scaling"); // mtp-spec §3.2: s := s·s2
        double minDist = s.TryKey("min_dist") || s.TryKey("min_val") ? s.ReadDouble("min_dist")
            : throw s.Error("expected 'min_dist = …' (or 'min_val = …') in the radial basis block");
        double maxDist = s.TryKey("max_dist") || s.TryKey("max_val") ? s.ReadDouble("max_dist")
            : throw s.Error("expected 'max_dist = …' (or 'max_val = …') in the radial basis block");
        int basisSize = s.TryKey("radial_basis_size") || s.TryKey("basis_size") ? s.ReadInt("radial_basis_size")
            : throw s.Error("expected 'radial_basis_size = …' (or 'basis_size = …') in the radial basis block");
        if (s.PeekWord() == "magnetic_basis_type")
            throw s.Error("magnetic_basis_type: magnetic MTPs are not supported");
        if (!(minDist >= 0 && maxDist > minDist)) throw s.Error($"radial basis: need 0 ≤ min_dist < max_dist, got min_dist = {minDist}, max_dist = {maxDist}");
        if (basisSize < 2) throw s.Error($"radial_basis_size = {basisSize}: expected at least 2");
        s.ExpectKey("radial_funcs_count");
        int funcCount = s.ReadInt("radial_funcs_count");
        if (funcCount < 1) throw s.Error($"radial_funcs_count = {funcCount}: expected at least 1");

        double[]? radial = null;
        int[] speciesTypes = Enumerable.Range(0, speciesCount).ToArray();
        if (s.PeekWord() == "radial_coeffs")
        {
            s.ReadWord("radial_coeffs");
            if (speciesCount == 0) throw s.Error("radial_coeffs present but species_count is missing or 0");
            (radial, speciesTypes) = ReadRadialCoeffs(s, speciesCount, funcCount, basisSize);
        }

        s.ExpectKey("alpha_moments_count");
        int momentCount = s.ReadInt("alpha_moments_count");
        s.ExpectKey("alpha_index_basic_count");
        int basicCount = s.ReadInt("alpha_index_basic_count");
        s.ExpectKey("alpha_index_basic");
        int basicLine = s.Line;
        var basic = s.ReadIntRows("alpha_index_basic", 4);
        if (basic.Length / 4 != basicCount)
            throw new InputFormatException(fileName, basicLine, $"alpha_index_basic has {basic.Length / 4} rows but alpha_index_basic_count = {basicCount}");
        s.ExpectKey("alpha_index_times_count");
        int timesCount = s.ReadInt("alpha_index_times_count");
        s.ExpectKey("alpha_index_times");
        int timesLine = s.Line;
        var times = s.ReadIntRows("alpha_index_times", 4);
        if (times.Length / 4 != timesCount)
            throw new InputFormatException(fileName, timesLine, $"alpha_index_times has {times.Length / 4} rows but alpha_index_times_count = {timesCount}");
        s.ExpectKey("alpha_scalar_moments");
        int scalarCount = s.ReadInt("alpha_scalar_moments");
        s.ExpectKey("alpha_moment_mapping");
        int mappingLine = s.Line;
        var mapping = s.ReadIntList("alpha_moment_mapping");
        if (mapping.Length != scalarCount)
            throw new InputFormatException(fileName, mappingLine, $"alpha_moment_mapping has {mapping.Length} entries but alpha_scalar_moments = {scalarCount}");
        var basis = new MtpBasis(momentCount, basic, times, mapping);
        var problem = basis.Validate(funcCount);
        if (problem is not null) throw new InputFormatException(fileName, basicLine, problem);

        double[]? speciesCoeffs = null, momentCoeffs = null;
        if (s.TryKey("species_coeffs"))
        {
            int line = s.Line;
            speciesCoeffs = s.ReadDoubleList("species_coeffs");
            if (speciesCoeffs.Length != speciesCount)
                throw new InputFormatException(fileName, line, $"species_coeffs has {speciesCoeffs.Length} entries but species_count = {speciesCount}");
            if (!s.TryKey("moment_coeffs")) throw s.Error("species_coeffs present but 'moment_coeffs = {…}' is missing after it");
        }
        else if (s.TryKey("moment_coeffs"))
        {
            throw s.Error("moment_coeffs present without species_coeffs before it");
        }
        if (speciesCoeffs is not null)
        {
            int line = s.Line;
            momentCoeffs = s.ReadDoubleList("moment_coeffs");
            if (momentCoeffs.Length != scalarCount)
                throw new InputFormatException(fileName, line, $"moment_coeffs has {momentCoeffs.Length} entries but alpha_scalar_moments = {scalarCount}");
        }
        // Anything after moment_coeffs (the .almtp '#MVS_v1.1' selection state) is not part of the MTP.
        if (!s.AtEnd && momentCoeffs is null)
        {
            var next = s.PeekWord();
            if (next is not null && !next.StartsWith('#'))
                throw s.Error($"unexpected '{next}' after alpha_moment_mapping; expected 'species_coeffs = {{…}}' or the end of the file");
        }

        return new MtpPotential
        {
            PotentialName = name,
            PotentialTag = tag,
            BasisKind = kind,
            MinDist = minDist,
            MaxDist = maxDist,
            RadialBasisSize = basisSize,
            RadialFunctionCount = funcCount,
            Basis = basis,
            Scaling = scaling,
            SpeciesCount = speciesCount,
            SpeciesTypes = speciesTypes,
            RadialCoeffs = radial,
            SpeciesCoeffs = speciesCoeffs,
            MomentCoeffs = momentCoeffs,
        };
    }

    /// <summary>
    /// Reads S² blocks "a-b" of K lists with R numbers each. The block headers define the species
    /// type list by first appearance (mtp-spec §2.3); headers must enumerate a = 0..S−1, b = 0..S−1 in
    /// order, by index or by atomic number.
    /// </summary>
    private static (double[] coeffs, int[] types) ReadRadialCoeffs(MtpTextScanner s, int speciesCount, int funcCount, int basisSize)
    {
        var coeffs = new double[speciesCount * speciesCount * funcCount * basisSize];
        var types = new List<int>();
        var headerPairs = new List<(int a, int b)>();
        for (int pair = 0; pair < speciesCount * speciesCount; pair++)
        {
            var header = s.ReadWord("a species-pair header 'a-b'");
            var dash = header.IndexOf('-', 1);
            if (dash < 0 || !int.TryParse(header.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int ta)
                || !int.TryParse(header.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int tb))
                throw s.Error($"radial_coeffs block {pair}: expected a species-pair header like '0-1', found '{header}'");
            if (!types.Contains(ta)) types.Add(ta);
            if (!types.Contains(tb)) types.Add(tb);
            headerPairs.Add((ta, tb));
            for (int mu = 0; mu < funcCount; mu++)
            {
                int line = s.Line;
                var row = s.ReadDoubleList($"radial_coeffs {header} function {mu}");
                if (row.Length != basisSize)
                    throw new InputFormatException(s.File, line, $"radial_coeffs {header} function {mu}: expected {basisSize} numbers (radial_basis_size), found {row.Length}");
                row.CopyTo(coeffs, (pair * funcCount + mu) * basisSize);
            }
        }
        if (types.Count != speciesCount)
            throw s.Error($"radial_coeffs headers name {types.Count} species but species_count = {speciesCount}");
        for (int pair = 0; pair < headerPairs.Count; pair++)
        {
            var (ta, tb) = headerPairs[pair];
            int a = types.IndexOf(ta), b = types.IndexOf(tb);
            if (a * speciesCount + b != pair)
                throw s.Error($"radial_coeffs block {pair} is '{ta}-{tb}', expected the blocks in order a = 0..{speciesCount - 1}, b = 0..{speciesCount - 1}");
        }
        return (coeffs, types.ToArray());
    }

    public static void Write(string path, MtpPotential potential)
    {
        using var w = AtomicFile.Create(path);
        w.Writer.Write(Format(potential));
        w.Commit();
    }

    /// <summary>The file text as MLIP-3 writes it (mtp-spec §7.1).</summary>
    public static string Format(MtpPotential p)
    {
        var sb = new StringBuilder();
        sb.Append("MTP\nversion = 1.1.0\n");
        sb.Append("potential_name = ").Append(p.PotentialName).Append('\n');
        if (p.Scaling != 1.0) sb.Append("scaling = ").Append(FormatDouble(p.Scaling)).Append('\n');
        if (p.SpeciesCount > 0) sb.Append("species_count = ").Append(p.SpeciesCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("potential_tag = ").Append(p.PotentialTag).Append('\n');
        sb.Append("radial_basis_type = ").Append(p.BasisKind.ToFileName()).Append('\n');
        sb.Append("\tmin_dist = ").Append(FormatDouble(p.MinDist)).Append('\n');
        sb.Append("\tmax_dist = ").Append(FormatDouble(p.MaxDist)).Append('\n');
        sb.Append("\tradial_basis_size = ").Append(p.RadialBasisSize).Append('\n');
        sb.Append("\tradial_funcs_count = ").Append(p.RadialFunctionCount).Append('\n');
        if (p.RadialCoeffs is not null)
        {
            sb.Append("\tradial_coeffs\n");
            int S = p.SpeciesCount, K = p.RadialFunctionCount, R = p.RadialBasisSize;
            for (int a = 0; a < S; a++)
                for (int b = 0; b < S; b++)
                {
                    sb.Append("\t\t").Append(p.SpeciesTypes[a]).Append('-').Append(p.SpeciesTypes[b]).Append('\n');
                    for (int mu = 0; mu < K; mu++)
                    {
                        sb.Append("\t\t\t");
                        AppendList(sb, p.RadialCoeffs.AsSpan(MtpPotential.RadialIndex(a, b, mu, 0, S, K, R), R));
                        sb.Append('\n');
                    }
                }
        }
        var basis = p.Basis;
        sb.Append("alpha_moments_count = ").Append(basis.MomentCount).Append('\n');
        sb.Append("alpha_index_basic_count = ").Append(basis.BasicCount).Append('\n');
        sb.Append("alpha_index_basic = ");
        AppendRows(sb, basis.BasicRows);
        sb.Append("\nalpha_index_times_count = ").Append(basis.TimesCount).Append('\n');
        sb.Append("alpha_index_times = ");
        AppendRows(sb, basis.TimesRows);
        sb.Append("\nalpha_scalar_moments = ").Append(basis.ScalarCount).Append('\n');
        sb.Append("alpha_moment_mapping = {").AppendJoin(", ", basis.Mapping).Append('}');
        if (p.SpeciesCoeffs is not null && p.MomentCoeffs is not null)
        {
            sb.Append("\nspecies_coeffs = ");
            AppendList(sb, p.SpeciesCoeffs);
            sb.Append("\nmoment_coeffs = ");
            AppendList(sb, p.MomentCoeffs);
        }
        sb.Append('\n');
        return sb.ToString();
    }

    private static void AppendList(StringBuilder sb, ReadOnlySpan<double> values)
    {
        sb.Append('{');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(FormatDouble(values[i]));
        }
        sb.Append('}');
    }

    private static void AppendRows(StringBuilder sb, int[] rows)
    {
        sb.Append('{');
        for (int r = 0; r < rows.Length / 4; r++)
        {
            if (r > 0) sb.Append(", ");
            sb.Append('{').Append(rows[4 * r]).Append(", ").Append(rows[4 * r + 1]).Append(", ")
              .Append(rows[4 * r + 2]).Append(", ").Append(rows[4 * r + 3]).Append('}');
        }
        sb.Append('}');
    }

    /// <summary>
    /// C's "%.15e" (16 significant digits, e.g. 2.351680237829197e-02), or 17 digits when 16 do not
    /// reproduce the double exactly. .NET formats with correct rounding, as glibc does.
    /// </summary>
    public static string FormatDouble(double v)
    {
        var s = CStyleExponent(v, 15);
        return double.Parse(s, CultureInfo.InvariantCulture) == v ? s : CStyleExponent(v, 16);
    }

    /// <summary>printf "%.{digits}e": .NET's "E" format is correctly rounded but writes E+003; C writes e+03.</summary>
    private static string CStyleExponent(double v, int digits)
    {
        var s = v.ToString("E" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Concat(s.AsSpan(0, e), exponent < 0 ? "e-" : "e+", Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }
}
