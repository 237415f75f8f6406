using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class RoundTripTests
{
    internal static void AssertSame(IReadOnlyList<Configuration> a, IReadOnlyList<Configuration> b, bool compareCellRows = true)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            Assert.Equal(x.Types, y.Types);
            Assert.Equal(x.Positions, y.Positions); // exact doubles
            Assert.Equal(x.Cell.Vectors, y.Cell.Vectors);
            if (compareCellRows) Assert.Equal(x.Cell.RowCount, y.Cell.RowCount);
            Assert.Equal(x.Energy, y.Energy);
            Assert.Equal(x.Forces, y.Forces);
            Assert.Equal(x.Virial, y.Virial);
            Assert.Equal(x.Charges, y.Charges);
            Assert.Equal(x.SiteEnergies, y.SiteEnergies);
            Assert.Equal(x.Features, y.Features);
            Assert.Equal(x.ExtraAtomColumns.Keys.Order(), y.ExtraAtomColumns.Keys.Order());
            foreach (var (k, v) in x.ExtraAtomColumns) Assert.Equal(v, y.ExtraAtomColumns[k]);
        }
    }

    [Theory]
    [InlineData("samples/mlip-3/test/self-test/CuPd.cfg")]
    [InlineData("samples/mlip-3/test/self-test/NaClVasp300.cfgs")]
    [InlineData("samples/mlip-3/test/self-test/configurations/identical/all_identical1.cfg")]
    [InlineData("motep-mtp-oracle/fitting/crystals/multi/10/out.cfg")]
    [InlineData("motep-mtp-oracle/fitting/molecules/14214/10/out.cfg")]
    public void Cfg_to_lossless_cfg_and_cfg_to_extxyz_to_cfg_are_exact(string relative)
    {
        var path = IoPaths.Ref(relative);
        var original = CfgReader.Read(path).Take(200).ToList();

        var cfg = new StringWriter();
        foreach (var c in original) CfgWriter.Write(cfg, c, CfgPrecision.Lossless);
        AssertSame(original, CfgReader.Read(new StringReader(cfg.ToString()), "mem.cfg").ToList());

        var xyz = new StringWriter();
        foreach (var c in original) ExtXyzWriter.Write(xyz, c);
        var viaXyz = ExtXyzReader.Read(new StringReader(xyz.ToString()), "mem.xyz").ToList();
        var cfg2 = new StringWriter();
        foreach (var c in viaXyz) CfgWriter.Write(cfg2, c, CfgPrecision.Lossless);
        AssertSame(original, CfgReader.Read(new StringReader(cfg2.ToString()), "mem.cfg").ToList(),
            compareCellRows: original.All(c => c.Cell.RowCount is 0 or 3));
    }

    [Fact]
    public void Period_ext_cells_keep_their_periodicity_through_extxyz()
    {
        var original = CfgReader.Read(IoPaths.Configurations("period_ext_test.cfg")).ToList();
        var xyz = new StringWriter();
        foreach (var c in original) ExtXyzWriter.Write(xyz, c);
        var back = ExtXyzReader.Read(new StringReader(xyz.ToString()), "mem.xyz").ToList();
        Assert.Equal(original.Select(c => c.Cell.PeriodicDimensionCount), back.Select(c => c.Cell.PeriodicDimensionCount));
    }
}
