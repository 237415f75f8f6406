using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class CfgReaderTests
{
    [Theory]
    [InlineData("samples/mlip-3/test/self-test/CuPd.cfg", 523)]
    [InlineData("samples/mlip-3/test/self-test/60small_cfgs_2type.cfg", 60)]
    [InlineData("samples/mlip-3/test/self-test/126cfgs1type.cfg", 126)]
    [InlineData("samples/mlip-3/test/self-test/NaClVasp300.cfgs", 300)]
    [InlineData("samples/mlip-3/test/self-test/20g_Selected.cfgs", 460)]
    [InlineData("samples/mlip-3/test/self-test/TSB60_train.cfgs", 60)]
    [InlineData("samples/mlip-3/test/self-test/TSB40_valid.cfgs", 40)]
    [InlineData("samples/mlip-3/test/self-test/configurations/reading_test.cfg", 7)]
    [InlineData("samples/mlip-3/test/self-test/configurations/period_ext_test.cfg", 6)]
    [InlineData("samples/mlip-3/test/self-test/configurations/VASP/cfg_usual", 1)]
    [InlineData("samples/mlip-3/test/self-test/configurations/VASP/cfg_no_stresses", 1)]
    [InlineData("samples/mlip-3/test/self-test/configurations/identical/all_identical1.cfg", 4)]
    [InlineData("samples/mlip-3/test/self-test/configurations/identical/all_identical2.cfg", 2)]
    [InlineData("samples/mlip-3/test/self-test/configurations/identical/all_identical3.cfg", 5)]
    [InlineData("samples/mlip-3/test/examples/01.train/train.cfg", 2)]
    [InlineData("samples/mlip-3/test/examples/03.calculate_efs/train.cfg", 2)]
    [InlineData("samples/mlip-3/test/examples/07.relax/to-relax.cfg", 25)]
    [InlineData("motep-mtp-oracle/original/crystals/cubic/training.cfg", 1001)]
    [InlineData("motep-mtp-oracle/original/crystals/multi/training.cfg", 1001)]
    [InlineData("motep-mtp-oracle/original/molecules/291/training.cfg", 21)]
    [InlineData("motep-mtp-oracle/original/molecules/762/training.cfg", 21)]
    [InlineData("motep-mtp-oracle/original/molecules/14214/training.cfg", 21)]
    [InlineData("motep-mtp-oracle/original/molecules/23208/training.cfg", 21)]
    [InlineData("motep-mtp-oracle/fitting/crystals/multi/10/out.cfg", 1001)]
    [InlineData("motep-mtp-oracle/fitting/molecules/291/10/out.cfg", 21)]
    [InlineData("generated/mlip-3-build/cubic100.cfg", 100)]
    [InlineData("generated/mlip-3-build/cubic100_08_efs.cfg", 100)]
    [InlineData("generated/mlip-3-build/multi100.cfg", 100)]
    [InlineData("generated/mlip-3-build/multi100_08_efs.cfg", 100)]
    public void Valid_samples_parse_with_the_right_count(string relative, int expected)
    {
        int count = 0;
        foreach (var c in CfgReader.Read(IoPaths.Ref(relative)))
        {
            Assert.Equal(3 * c.AtomCount, c.Positions.Length);
            if (c.Forces is not null) Assert.Equal(3 * c.AtomCount, c.Forces.Length);
            count++;
        }
        Assert.Equal(expected, count);
    }

    [Fact]
    public void All_motep_outputs_parse()
    {
        var dir = IoPaths.Ref("motep-mtp-oracle/fitting");
        var files = Directory.GetFiles(dir, "out.cfg", SearchOption.AllDirectories);
        Assert.Equal(24, files.Length);
        foreach (var f in files)
        {
            var all = CfgReader.Read(f).ToList();
            Assert.True(all.Count is 21 or 1001, f);
            Assert.All(all, c => { Assert.True(c.HasEnergy); Assert.True(c.HasForces); Assert.True(c.HasVirial); });
        }
    }

    [Theory]
    [InlineData(1, 137, "PlusStress: expected six component names (xx yy zz yz xz xy in any order), found 5")]
    [InlineData(2, 138, "PlusStress: expected 6 numbers (xx yy zz yz xz xy), found 5")]
    [InlineData(3, 8, "AtomData: expected one complete set of cartes_x cartes_y cartes_z or direct_x direct_y direct_z columns")]
    [InlineData(4, 8, "AtomData: duplicate column 'cartes_y'")]
    [InlineData(5, 8, "AtomData: duplicate column 'cartes_y'")]
    [InlineData(6, 11, "AtomData row 3: expected id 3, found 6")]
    [InlineData(7, 10, "AtomData row 2: expected 5 numbers (id type cartes_x cartes_y cartes_z), found 'PlusStress:'")]
    [InlineData(8, 10, "unexpected number '2': AtomData already has the 1 rows given by Size")]
    [InlineData(9, 12, "unknown keyword 'FuzzyFieldHahaha'")]
    public void Erroneous_samples_are_rejected_with_file_line_and_reason(int number, int line, string fragment)
    {
        var path = IoPaths.Configurations("errorneous", $"{number}.cfg");
        var ex = Assert.Throws<InputFormatException>(() => CfgReader.Read(path).ToList());
        Assert.Equal(line, ex.Line);
        Assert.Equal(path, ex.FileName);
        Assert.StartsWith($"{path}:{line}: ", ex.Message);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Binary_cfg_is_rejected_clearly()
    {
        var path = IoPaths.Configurations("binary_sample.cfg");
        var ex = Assert.Throws<InputFormatException>(() => CfgReader.Read(path).ToList());
        Assert.Contains("binary .cfg not supported", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Reading_test_sample_content()
    {
        var all = CfgReader.Read(IoPaths.Configurations("reading_test.cfg")).ToList();
        // 1: no type column, charge column, stress without energy.
        Assert.Equal([0], all[0].Types);
        Assert.Equal([0.0], all[0].Charges!);
        Assert.Null(all[0].Energy);
        Assert.Equal([-0.00570, -0.00570, -0.00570, 0, 0, 0], all[0].Virial!);
        // 2: no id column; 3: only coordinates.
        Assert.NotNull(all[1].Forces);
        Assert.Equal(-11.194835125297, all[2].Energy);
        Assert.Null(all[2].Forces);
        // 4: full record, stress in MLIP order.
        Assert.Equal([0.59517, 0.52420, 0.59329, -0.13198, 1.41749, 0.18694], all[3].Virial!);
        Assert.Equal(-0.050505, all[3].Cell.Vectors[3]);
    }

    [Fact]
    public void Stress_header_order_is_honoured_and_stored_in_mlip_order()
    {
        var c = ReadOne(Block(" PlusStress:  xy xz yz zz yy xx\n  6 5 4 3 2 1\n"));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], c.Virial!);
    }

    [Fact]
    public void Legacy_stress_is_refused_by_default_and_readable_on_request()
    {
        var path = IoPaths.Ref("mlearn-zuo2020/mo-mtp-example/train.cfgs");
        var ex = Assert.Throws<InputFormatException>(() => CfgReader.Read(path).ToList());
        Assert.Equal(65, ex.Line);
        Assert.Contains("legacy 'Stress:'", ex.Message);

        var asVirial = CfgReader.Read(path, new CfgReadOptions { LegacyStress = CfgLegacyStress.Virial }).ToList();
        Assert.Equal(100, asVirial.Count);
        Assert.Equal(54, asVirial[0].AtomCount);
        Assert.Equal([40.332803, 39.686612, 40.379478, 0.460838, -3.186849, -1.136375], asVirial[0].Virial!);
        var negated = CfgReader.Read(path, new CfgReadOptions { LegacyStress = CfgLegacyStress.NegatedVirial }).First();
        Assert.Equal(-40.332803, negated.Virial![0]);
    }

    [Fact]
    public void Legacy_virial_is_divided_by_the_volume()
    {
        var c = ReadOne(Block(" Virial:  xx yy zz yz xz xy\n  8 16 24 0 0 -8\n"));
        Assert.Equal([1.0, 2, 3, 0, 0, -1], c.Virial!); // cell 2×2×2, V = 8
    }

    [Fact]
    public void Direct_coordinates_are_converted_with_the_cell()
    {
        var text = "BEGIN_CFG\n Size\n 2\n Supercell\n 2 0 0\n 1 3 0\n 0 0 4\n AtomData: id type direct_x direct_y direct_z\n 1 0 0 0 0\n 2 1 0.5 0.5 0.25\nEND_CFG\n";
        var c = ReadOne(text);
        Assert.Equal([0.0, 0, 0, 1.5, 1.5, 1.0], c.Positions);
        Assert.Equal([0, 1], c.Types);
    }

    [Fact]
    public void One_and_two_row_supercells()
    {
        var one = ReadOne("BEGIN_CFG\n Size\n 1\n Supercell\n 3 0 0\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\nEND_CFG\n");
        Assert.Equal(1, one.Cell.RowCount);
        Assert.Equal(1, one.Cell.PeriodicDimensionCount);
        var two = ReadOne("BEGIN_CFG\n Size\n 1\n SuperCell\n 3 0 0\n 0 4 0\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\nEND_CFG\n");
        Assert.Equal(2, two.Cell.RowCount);
        Assert.Equal(4, two.Cell.Vectors[4]);
        var period = CfgReader.Read(IoPaths.Configurations("period_ext_test.cfg")).ToList();
        Assert.Equal(2, period[0].Cell.PeriodicDimensionCount); // third row "0 0 0"
        Assert.Equal(0, period[4].Cell.PeriodicDimensionCount);
    }

    [Fact]
    public void Molecules_have_no_cell()
    {
        var c = CfgReader.Read(IoPaths.Ref("motep-mtp-oracle/original/molecules/291/training.cfg")).First();
        Assert.Equal(0, c.Cell.RowCount);
        Assert.Equal(5, c.AtomCount);
    }

    [Fact]
    public void Features_keep_order_and_raw_value()
    {
        var all = CfgReader.Read(IoPaths.Ref("motep-mtp-oracle/fitting/crystals/multi/10/out.cfg")).Take(2).ToList();
        Assert.Equal([new("ID", "0"), new("MV_grade", "1.000000")], all[0].Features);
        Assert.Equal("1", all[1].GetFeature("ID"));
        Assert.Equal(0.65934, all[0].ExtraAtomColumns["nbh_grades"][0]);
        var c = ReadOne(Block(" Feature   from\t database:x.cfg\n Feature EFS_by\tVASP\n Features:\n a b\n 1 2\n"));
        Assert.Equal(" database:x.cfg", c.GetFeature("from"));
        Assert.Equal(["from", "EFS_by", "a", "b"], c.Features.Select(f => f.Key));
        Assert.Equal("2", c.GetFeature("b"));
    }

    [Fact]
    public void Charge_column_and_extra_columns()
    {
        var c = CfgReader.Read(IoPaths.SelfTest("NaClVasp300.cfgs")).First();
        Assert.Equal(0.8611, c.Charges![0]);
        var x = ReadOne("BEGIN_CFG\n Size\n 1\n AtomData: id type cartes_x cartes_y cartes_z site_en magmom_x magmom_y magmom_z ghost\n 1 3 0 0 0 -1.5 0.1 0.2 0.3 true\nEND_CFG\n");
        Assert.Equal([-1.5], x.SiteEnergies!);
        Assert.Equal([0.2], x.ExtraAtomColumns["magmom_y"]);
        Assert.Equal([1.0], x.ExtraAtomColumns["ghost"]);
        Assert.Equal([3], x.Types);
    }

    [Fact]
    public void Weights_tabs_and_crlf_are_accepted()
    {
        var text = Block(" EnergyWeight\n 2.5\n ForceWeight 0.01\n StressWeight\t0.001\n").Replace("\n", "\r\n").Replace(" ", "\t");
        var c = ReadOne(text);
        Assert.Equal(2.5, c.EnergyWeight);
        Assert.Equal(0.01, c.ForceWeight);
        Assert.Equal(0.001, c.StressWeight);
        Assert.Equal(-1.25, c.Energy);
    }

    [Theory]
    [InlineData("BEGIN_CFG\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\nEND_CFG\n", 2, "Size must precede AtomData:")]
    [InlineData("BEGIN_CFG\n Size\n 1\n Supercell\n 1 0 0 0 1\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\nEND_CFG\n", 5, "Supercell: expected 3, 6 or 9 numbers")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z fx fy\n 1 0 0 0 0 0\nEND_CFG\n", 4, "fz missing")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z bogus\n 1 0 0 0 0\nEND_CFG\n", 4, "unknown column 'bogus'")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z direct_x direct_y direct_z\n 1 0 0 0 0 0 0\nEND_CFG\n", 4, "both cartes_x/y/z and direct_x/y/z")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 x\nEND_CFG\n", 5, "AtomData row 1: cartes_z: expected a number, found 'x'")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\n", 5, "END_CFG missing")]
    [InlineData("BEGIN_CFG\n Size\n 1\n AtomData: id cartes_x cartes_y cartes_z\n 1 0 0 0\n Energy\n abc\nEND_CFG\n", 7, "Energy: expected a number, found 'abc'")]
    [InlineData("hello\n", 1, "expected BEGIN_CFG, found 'hello'")]
    [InlineData("BEGIN\n", 1, "obsolete .cfg format")]
    public void Malformed_text_is_rejected(string text, int line, string fragment)
    {
        var ex = Assert.Throws<InputFormatException>(() => CfgReader.Read(new StringReader(text), "mem.cfg").ToList());
        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Reading_is_lazy()
    {
        // The second block is broken: the first one must still be delivered before the error.
        var text = Block("") + "garbage\n";
        using var e = CfgReader.Read(new StringReader(text), "mem.cfg").GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(2, e.Current.AtomCount);
        Assert.Throws<InputFormatException>(() => e.MoveNext());
    }

    internal static string Block(string extra) =>
        "BEGIN_CFG\n Size\n    2\n Supercell\n 2 0 0\n 0 2 0\n 0 0 2\n AtomData:  id type cartes_x cartes_y cartes_z fx fy fz\n" +
        "  1 0 0 0 0 0.1 0.2 0.3\n  2 1 1 1 1 -0.1 -0.2 -0.3\n Energy\n  -1.25\n" + extra + "END_CFG\n\n";

    internal static Configuration ReadOne(string text) => Assert.Single(CfgReader.Read(new StringReader(text), "mem.cfg"));
}
