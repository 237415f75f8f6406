using System.Globalization;
using System.Numerics;

namespace LowRankMlip.Io;

/// <summary>
/// C printf number formatting as MLIP's files are written with glibc (mtp-spec §8 "Writing"):
/// <c>%W.Pf</c> from the exact binary value of the double, rounded half-to-even (glibc), with the
/// sign kept for negative values that round to zero (<c>-0.000000</c>); and <c>%.16e</c>.
/// Invariant culture throughout.
/// </summary>
public static class CNumberFormat
{
    /// <summary>printf("%{width}.{precision}f", x).</summary>
    public static string Fixed(double x, int width, int precision)
    {
        var s = Fixed(x, precision);
        return s.Length >= width ? s : s.PadLeft(width);
    }

    /// <summary>printf("%.{precision}f", x).</summary>
    public static string Fixed(double x, int precision)
    {
        if (precision < 0 || precision > 60) throw new ArgumentOutOfRangeException(nameof(precision));
        if (double.IsNaN(x)) return double.IsNegative(x) ? "-nan" : "nan";
        if (double.IsInfinity(x)) return x < 0 ? "-inf" : "inf";
        bool negative = double.IsNegative(x); // true for -0.0 as well, as printf
        string digits = ScaledDigits(Math.Abs(x), precision);
        if (digits.Length <= precision) digits = digits.PadLeft(precision + 1, '0');
        string body = precision == 0 ? digits : string.Concat(digits.AsSpan(0, digits.Length - precision), ".", digits.AsSpan(digits.Length - precision));
        return negative ? "-" + body : body;
    }

    /// <summary>printf("%.16e", x): 17 significant digits, round-trips every double.</summary>
    public static string Exp16(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x < 0 ? "-inf" : "inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0000000000000000e+00" : "0.0000000000000000e+00";
        var s = x.ToString("E16", CultureInfo.InvariantCulture); // e.g. -1.2345678901234567E+005
        int e = s.IndexOf('E');
        int exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Concat(s.AsSpan(0, e), exp < 0 ? "e-" : "e+", Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>Decimal digits of round_half_even(a · 10^precision) for a ≥ 0, computed exactly.</summary>
    private static string ScaledDigits(double a, int precision)
    {
        if (a == 0) return "0";
        long bits = BitConverter.DoubleToInt64Bits(a);
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong mant = (ulong)(bits & 0xFFFFFFFFFFFFFL);
        int exp;
        if (biased == 0) exp = -1074; else { mant |= 1UL << 52; exp = biased - 1075; }
        // a = mant · 2^exp exactly. Fast path: mant · 10^p fits in 128 bits and the shift is < 128.
        if (precision <= 22 && exp < 0 && exp > -128)
        {
            UInt128 n = (UInt128)mant * Pow10(precision);
            int shift = -exp;
            UInt128 q = n >> shift;
            UInt128 rem = n - (q << shift);
            UInt128 half = (UInt128)1 << (shift - 1);
            if (rem > half || (rem == half && (q & 1) == 1)) q++;
            return q.ToString(CultureInfo.InvariantCulture);
        }
        BigInteger num = new BigInteger(mant) * BigInteger.Pow(10, precision);
        if (exp >= 0) return (num << exp).ToString(CultureInfo.InvariantCulture);
        BigInteger den = BigInteger.One << -exp;
        BigInteger qb = BigInteger.DivRem(num, den, out BigInteger r);
        int c = (r << 1).CompareTo(den);
        if (c > 0 || (c == 0 && !qb.IsEven)) qb += 1;
        return qb.ToString(CultureInfo.InvariantCulture);
    }

    private static UInt128 Pow10(int p)
    {
        UInt128 r = 1;
        for (int i = 0; i < p; i++) r *= 10;
        return r;
    }
}
