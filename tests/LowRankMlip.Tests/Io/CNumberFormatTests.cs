using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

/// <summary>Expected strings produced by C printf (glibc / CPython '%.Nf', exact value, round-half-even).</summary>
public class CNumberFormatTests
{
    [Theory]
    [InlineData(0.0078125, 6, "0.007812")]
    [InlineData(2.5, 0, "2")]
    [InlineData(0.25, 1, "0.2")]
    [InlineData(-1e-09, 6, "-0.000000")]
    [InlineData(-0.0, 6, "-0.000000")]
    [InlineData(0.0, 6, "0.000000")]
    [InlineData(1.5, 0, "2")]
    [InlineData(0.5, 0, "0")]
    [InlineData(-0.5, 0, "-0")]
    [InlineData(1e+22, 6, "10000000000000000000000.000000")]
    [InlineData(123456.0000005, 6, "123456.000001")]
    [InlineData(5e-324, 6, "0.000000")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(-2.6875, 3, "-2.688")]
    [InlineData(245803.38977940392, 6, "245803.389779")]
    [InlineData(590387.1311313933, 4, "590387.1311")]
    [InlineData(0.006806962410453358, 4, "0.0068")]
    [InlineData(8.018009835012453e-05, 6, "0.000080")]
    [InlineData(-0.000618619044356725, 12, "-0.000618619044")]
    [InlineData(875.2171847186082, 5, "875.21718")]
    [InlineData(-0.009737716208221957, 12, "-0.009737716208")]
    [InlineData(-4.410352679777794, 5, "-4.41035")]
    [InlineData(5.238508551887719e-05, 5, "0.00005")]
    [InlineData(23.58523699261623, 5, "23.58524")]
    [InlineData(-7.355182915661507e-06, 5, "-0.00001")]
    [InlineData(0.0005471874060553484, 5, "0.00055")]
    [InlineData(-636662.6629087925, 5, "-636662.66291")]
    [InlineData(-9.568595832408974, 5, "-9.56860")]
    [InlineData(-3362.9102555872373, 4, "-3362.9103")]
    [InlineData(-8.8599814092842e-06, 6, "-0.000009")]
    [InlineData(6.897617787762592e-06, 12, "0.000006897618")]
    public void Fixed_matches_glibc_printf(double x, int precision, string expected) =>
        Assert.Equal(expected, CNumberFormat.Fixed(x, precision));

    [Fact]
    public void Fixed_pads_to_width_and_never_truncates()
    {
        Assert.Equal("    -0.000000", CNumberFormat.Fixed(-1e-12, 13, 6));
        Assert.Equal("     7.220000", CNumberFormat.Fixed(7.22, 13, 6));
        Assert.Equal("-12345678.123457", CNumberFormat.Fixed(-12345678.1234567, 11, 6));
        Assert.StartsWith("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00",
            CNumberFormat.Fixed(double.MaxValue, 2));
    }

    [Theory]
    [InlineData(-225.32803379000001, "-2.2532803379000001e+02")]
    [InlineData(0.0, "0.0000000000000000e+00")]
    [InlineData(1e-300, "1.0000000000000000e-300")]
    [InlineData(0.1, "1.0000000000000001e-01")]
    public void Exp16_matches_printf(double x, string expected) => Assert.Equal(expected, CNumberFormat.Exp16(x));

    [Fact]
    public void Exp16_round_trips_random_doubles()
    {
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            double x = BitConverter.Int64BitsToDouble(rng.NextInt64());
            if (!double.IsFinite(x)) continue;
            Assert.Equal(x, double.Parse(CNumberFormat.Exp16(x), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
