using System.Diagnostics;
using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class ConfigurationFilesTests
{
    [Theory]
    [InlineData("samples/mlip-3/test/self-test/CuPd.cfg", ConfigurationFormat.Cfg)]
    [InlineData("samples/mlip-3/test/self-test/NaClVasp300.cfgs", ConfigurationFormat.Cfg)]
    [InlineData("samples/mlip-3/test/self-test/configurations/VASP/cfg_usual", ConfigurationFormat.Cfg)]
    [InlineData("al4gap-kcl-thcl4/test.xyz", ConfigurationFormat.ExtXyz)]
    [InlineData("mlearn-zuo2020/data/Mo/test.json", ConfigurationFormat.MamlJson)]
    public void Detect_by_extension_or_content(string relative, ConfigurationFormat expected) =>
        Assert.Equal(expected, ConfigurationFiles.Detect(IoPaths.Ref(relative)));

    [Fact]
    public void Detect_sniffs_files_without_a_known_extension()
    {
        var xyz = IoPaths.TempFile("frames.dat");
        File.Copy(IoPaths.Ref("3bpa-botnet/iso_atoms.xyz"), xyz);
        Assert.Equal(ConfigurationFormat.ExtXyz, ConfigurationFiles.Detect(xyz));
        Assert.Equal(4, ConfigurationFiles.Read(xyz).Count());
        var json = IoPaths.TempFile("records");
        File.WriteAllText(json, "  [ ]");
        Assert.Equal(ConfigurationFormat.MamlJson, ConfigurationFiles.Detect(json));
        var junk = IoPaths.TempFile("junk");
        File.WriteAllText(junk, "hello");
        Assert.Throws<InputFormatException>(() => ConfigurationFiles.Detect(junk));
    }

    [Fact]
    public void Writer_is_atomic()
    {
        var path = IoPaths.TempFile("out.cfg");
        var c = CfgReader.Read(IoPaths.SelfTest("CuPd.cfg")).First();
        using (var sink = ConfigurationFiles.OpenWriter(path))
        {
            sink.Write(c);
            Assert.False(File.Exists(path));
        } // disposed without commit: nothing appears
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
        using (var sink = ConfigurationFiles.OpenWriter(path))
        {
            sink.Write(c);
            sink.Commit();
            Assert.Equal(1, sink.Count);
        }
        Assert.Equal(CfgWriter.ToText(c), File.ReadAllText(path));
    }

    [Fact]
    public void Convert_json_to_cfg_and_xyz()
    {
        var cfg = IoPaths.TempFile("mo.cfg");
        Assert.Equal(23, ConfigurationConverter.Convert(IoPaths.Ref("mlearn-zuo2020/data/Mo/test.json"), cfg, mode: CfgPrecision.Lossless));
        var xyz = Path.ChangeExtension(cfg, ".xyz");
        Assert.Equal(23, ConfigurationConverter.Convert(cfg, xyz));
        var direct = MamlJsonReader.Read(IoPaths.Ref("mlearn-zuo2020/data/Mo/test.json")).ToList();
        var viaXyz = ExtXyzReader.Read(xyz).ToList();
        RoundTripTests.AssertSame(direct.Select(c => { c.Symbols = null; return c; }).ToList(),
            viaXyz.Select(c => { c.Symbols = null; return c; }).ToList());
        Assert.Throws<NotSupportedException>(() => ConfigurationFiles.OpenWriter(Path.ChangeExtension(cfg, ".json")));
    }

    [Fact]
    public void Streaming_convert_of_a_large_file()
    {
        const int count = 20000;
        var input = IoPaths.TempFile("large.cfg");
        var template = CfgReader.Read(IoPaths.Ref("motep-mtp-oracle/original/molecules/291/training.cfg")).ToList();
        using (var sink = ConfigurationFiles.OpenWriter(input))
        {
            for (int i = 0; i < count; i++)
            {
                var c = template[i % template.Count];
                c.SetFeature("index", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                sink.Write(c);
            }
            sink.Commit();
        }
        var sw = Stopwatch.StartNew();
        var output = Path.ChangeExtension(input, ".xyz");
        Assert.Equal(count, ConfigurationConverter.Convert(input, output));
        int n = 0;
        foreach (var c in ConfigurationFiles.Read(output))
        {
            Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), c.GetFeature("index"));
            n++;
        }
        Assert.Equal(count, n);
        Assert.True(sw.Elapsed.TotalSeconds < 10, $"convert + read took {sw.Elapsed}");
    }

    [Fact]
    public void Species_map_rewrites_types_and_names_missing_elements()
    {
        var map = SpeciesMap.Parse("Nb,Mo,Ta,W");
        var all = map.Apply(MamlJsonReader.Read(IoPaths.Ref("monbtaw-li2020/training/MoW_Test.json"))).ToList();
        Assert.All(all, c => Assert.All(c.Types, t => Assert.True(t is 1 or 3)));
        Assert.Contains(all, c => c.Types.Contains(1) && c.Types.Contains(3));
        var mo = Assert.Single(map.Apply([new Configuration(Cell.None, [42, 41], [0, 0, 0, 1, 1, 1])]));
        Assert.Equal([1, 0], mo.Types);
        var ex = Assert.Throws<InvalidDataException>(() => SpeciesMap.Parse("Nb Mo").Apply(MamlJsonReader.Read(IoPaths.Ref("monbtaw-li2020/training/TaW_Test.json"))).ToList());
        Assert.Contains("configuration 0", ex.Message);
        Assert.Contains("element Ta", ex.Message);
        Assert.Throws<ArgumentException>(() => SpeciesMap.Parse("Nb,Xq"));
    }
}
