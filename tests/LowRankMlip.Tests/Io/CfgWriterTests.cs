using System.Text;
using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class CfgWriterTests
{
    /// <summary>Files written by MLIP-2/MLIP-3 in default mode; reading and rewriting them must reproduce every byte.</summary>
    [Theory]
    [InlineData("motep-mtp-oracle/fitting/crystals/cubic/10/out.cfg")]
    [InlineData("motep-mtp-oracle/fitting/crystals/multi/10/out.cfg")]
    [InlineData("motep-mtp-oracle/fitting/molecules/291/10/out.cfg")]
    [InlineData("generated/mlip-3-build/cubic100_08_efs.cfg")]
    [InlineData("generated/mlip-3-build/multi100_08_efs.cfg")]
    [InlineData("samples/mlip-3/test/self-test/NaClVasp300.cfgs")]
    public void Default_mode_rewrites_MLIP_output_byte_for_byte(string relative)
    {
        var path = IoPaths.Ref(relative);
        var sw = new StringWriter { NewLine = "\n" };
        foreach (var c in CfgReader.Read(path)) CfgWriter.Write(sw, c);
        var expected = File.ReadAllText(path, Encoding.UTF8);
        var actual = sw.ToString();
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
                Assert.True(e[i] == a[i], $"line {i + 1}:\nexpected |{e[i]}|\nactual   |{a[i]}|");
            Assert.Equal(e.Length, a.Length);
        }
    }

    [Fact]
    public void Default_mode_layout()
    {
        var c = new Configuration(Cell.Periodic([7.22, 0, 0, 0, 7.22, 0, 0, 0, 7.22]), [0], [0, -1e-9, 1.805])
        {
            Forces = [0.5, -0.0, 1e-7],
            Energy = -12.345678901234,
            Virial = [28.29177, 28.58043, 28.64817, 0.68184, 0.79400, 0.80802],
        };
        c.Features.Add(new("EFS_by", "MultiMTP10"));
        const string expected =
            "BEGIN_CFG\n Size\n    1\n Supercell\n" +
            "         7.220000      0.000000      0.000000\n         0.000000      7.220000      0.000000\n         0.000000      0.000000      7.220000\n" +
            " AtomData:  id type       cartes_x      cartes_y      cartes_z           fx          fy          fz\n" +
            "             1    0       0.000000     -0.000000      1.805000     0.500000   -0.000000    0.000000\n" +
            " Energy\n        -12.345678901234\n" +
            " PlusStress:  xx          yy          zz          yz          xz          xy\n" +
            "        28.29177    28.58043    28.64817     0.68184     0.79400     0.80802\n" +
            " Feature   EFS_by\tMultiMTP10\nEND_CFG\n\n";
        Assert.Equal(expected, CfgWriter.ToText(c));
    }

    [Fact]
    public void Lossless_mode_round_trips_exact_doubles()
    {
        var path = IoPaths.Ref("motep-mtp-oracle/fitting/crystals/multi/10/out.cfg");
        var rng = new Random(3);
        var original = CfgReader.Read(path).Take(50).ToList();
        foreach (var c in original) // perturb so that values need all 17 digits
        {
            for (int i = 0; i < c.Positions.Length; i++) c.Positions[i] += rng.NextDouble() * 1e-3;
            for (int i = 0; i < c.Forces!.Length; i++) c.Forces[i] *= 1 + rng.NextDouble() * 1e-9;
            c.Energy += Math.PI * 1e-7;
            c.Virial![0] = -rng.NextDouble();
        }
        var sw = new StringWriter();
        foreach (var c in original) CfgWriter.Write(sw, c, CfgPrecision.Lossless);
        var back = CfgReader.Read(new StringReader(sw.ToString()), "mem.cfg").ToList();
        RoundTripTests.AssertSame(original, back);
    }

    [Fact]
    public void Lossless_mode_reproduces_MLIP_no_loss_layout()
    {
        // reading_test.cfg configuration 6 is written in MLIP's %.16e notation; rewriting it gives the same lines.
        var path = IoPaths.Configurations("reading_test.cfg");
        var c = CfgReader.Read(path).ElementAt(5);
        var fileLines = File.ReadAllLines(path);
        var lines = CfgWriter.ToText(c, CfgPrecision.Lossless).Split('\n');
        Assert.Equal(28 + 15, lines.Length);
        foreach (int i in (int[])[4, 5, 6, 8, 9, 35, 37, 39])
            Assert.Contains(lines[i], fileLines);
        Assert.Equal("    1 0  2.3460000000000002e-02 2.5159999999999998e-02 2.7123999999999998e-01  -3.8905600000000001e-01 6.6737000000000005e-02 3.1764700000000001e-01", lines[8]);
    }

    [Fact]
    public void Optional_columns_and_weights_survive_a_rewrite()
    {
        var c = CfgReaderTests.ReadOne("BEGIN_CFG\n Size\n 1\n AtomData: id type cartes_x cartes_y cartes_z site_en charge magmom_x ghost nbh_grades\n 1 3 0 0 0 -1.5 0.25 0.1 false 0.5\n Energy\n 1\n EnergyWeight\n 2\n StressWeight\n 0\nEND_CFG\n");
        var back = CfgReaderTests.ReadOne(CfgWriter.ToText(c));
        Assert.Equal([-1.5], back.SiteEnergies!);
        Assert.Equal([0.25], back.Charges!);
        Assert.Equal([0.1], back.ExtraAtomColumns["magmom_x"]);
        Assert.Equal([0.0], back.ExtraAtomColumns["ghost"]);
        Assert.Equal([0.5], back.ExtraAtomColumns["nbh_grades"]);
        Assert.Equal(2, back.EnergyWeight);
        Assert.Equal(0, back.StressWeight);
        Assert.Null(back.ForceWeight);
    }

    [Fact]
    public void Writer_refuses_columns_the_format_cannot_hold()
    {
        var c = new Configuration(Cell.None, [0], [0, 0, 0]);
        c.ExtraAtomColumns["spin"] = [1];
        Assert.Throws<ArgumentException>(() => CfgWriter.ToText(c));
    }
}
