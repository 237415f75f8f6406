using LowRankMlip.Io;

namespace LowRankMlip.Tests.Io;

/// <summary>NeuralIL JSON lines (datasets.md §3: ean-neuralil without an element list, srtio3-neuralil with Types).</summary>
public class NeuralIlJsonTests
{
    private static readonly string[] Ean = AtomSymbols.Expand("15*(N,H,H,H,C,H,H,C,H,H,H) + 15*(N,O,O,O)");

    [Fact]
    public void EanReadsWithTheGivenElementList()
    {
        var path = IoPaths.Ref("ean-neuralil/validation_original.json");
        Assert.Equal(ConfigurationFormat.NeuralIlJson, ConfigurationFiles.Detect(path));
        var all = ConfigurationFiles.Read(path, atomSymbols: Ean).ToList();
        Assert.Equal(75, all.Count);
        var c = all[0];
        Assert.Equal(225, c.AtomCount);
        Assert.Equal(-1271.0969288340718, c.Energy);
        Assert.Equal(3 * 225, c.Forces!.Length);
        Assert.Equal(3, c.Cell.PeriodicDimensionCount);
        Assert.Equal(12.9 * 12.9 * 12.9, c.Cell.Volume, 1e-6);
        Assert.Equal([("C", 30), ("H", 120), ("N", 30), ("O", 45)], c.Symbols!.GroupBy(s => s).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())));
        Assert.Equal(7, c.Types[0]);   // N
        Assert.Equal(7, c.Types[165]); // the first nitrate N
        Assert.Equal(8, c.Types[166]);
        Assert.All(all, x => Assert.Equal(225, x.AtomCount));
    }

    [Fact]
    public void NearestNeighboursConfirmTheElementList()
    {
        // datasets.md: atom 0 (N) has three H at 1.05–1.07 Å and a C at 1.48 Å (minimum image).
        var c = ConfigurationFiles.Read(IoPaths.Ref("ean-neuralil/validation_original.json"), atomSymbols: Ean).First();
        var nl = NeighborList.Build(c, 1.6);
        var near = Enumerable.Range(nl.Offsets[0], nl.CountOf(0))
            .Select(k => (Ean[nl.Indices[k]], Math.Sqrt(nl.Vectors[3 * k] * nl.Vectors[3 * k] + nl.Vectors[3 * k + 1] * nl.Vectors[3 * k + 1] + nl.Vectors[3 * k + 2] * nl.Vectors[3 * k + 2])))
            .OrderBy(x => x.Item2).ToList();
        Assert.Equal(["H", "H", "H", "C"], near.Select(x => x.Item1));
    }

    [Fact]
    public void WithoutAnElementListTheErrorSaysWhatToGive()
    {
        var e = Assert.Throws<InputFormatException>(() => ConfigurationFiles.Read(IoPaths.Ref("ean-neuralil/validation_original.json")).First());
        Assert.Contains("validation_original.json:1: record 0: no 'Types'", e.Message);
        Assert.Contains("atom_symbols", e.Message);
        var wrong = Assert.Throws<InputFormatException>(() => ConfigurationFiles.Read(IoPaths.Ref("ean-neuralil/validation_original.json"), atomSymbols: ["N", "H"]).First());
        Assert.Contains("2 atoms, the record 225", wrong.Message);
    }

    [Fact]
    public void SrTiO3CarriesItsTypes()
    {
        var all = ConfigurationFiles.Read(IoPaths.Ref("srtio3-neuralil/sto_bulk_test.json")).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(135, all[0].AtomCount);
        Assert.Equal([("O", 81), ("Sr", 27), ("Ti", 27)], all[0].Symbols!.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())));
        Assert.Equal("500", all[0].GetFeature("T"));
    }

    [Theory]
    [InlineData("{\"Energy\": 1.0}", "missing 'Positions'")]
    [InlineData("{\"Energy\": 1.0, \"Positions\": [[0,0,0]], \"Cell-Size\": [1,1], \"Types\": [\"H\"]}", "'Cell-Size' must be [a, b, c]")]
    [InlineData("{\"Energy\": 1.0, \"Positions\": [[0,0,0]], \"Cell-Size\": [1,1,1], \"Types\": [\"Xx\"]}", "unknown element 'Xx'")]
    [InlineData("{\"Energy\": 1.0, \"Positions\": [[0,0]], \"Cell-Size\": [1,1,1]}", "'Positions[0]' must be 3 numbers")]
    [InlineData("{\"Energy\": 1.0, \"Positions\": [[0,0,0]], \"Cell-Size\": [1,1,1], \"Types\": [\"H\"], \"Natoms\": 2}", "'Natoms' is 2")]
    [InlineData("{\"Energy\": oops}", "invalid JSON")]
    public void MalformedRecordsNameTheLineAndTheProblem(string line, string expected)
    {
        var path = IoPaths.TempFile("bad.jsonl");
        File.WriteAllText(path, "{\"Energy\": 2.0, \"Positions\": [[0,0,0]], \"Cell-Size\": [5,5,5], \"Types\": [\"H\"]}\n\n" + line + "\n");
        var e = Assert.Throws<InputFormatException>(() => ConfigurationFiles.Read(path).ToList());
        Assert.Contains("bad.jsonl:3: record 1", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("Mo,Mo,Nb", new[] { "Mo", "Mo", "Nb" })]
    [InlineData("2*(H,O) + C", new[] { "H", "O", "H", "O", "C" })]
    [InlineData("2*(N, 2*H)", new[] { "N", "H", "H", "N", "H", "H" })]
    [InlineData("3×Ta W", new[] { "Ta", "Ta", "Ta", "W" })]
    public void AtomSymbolPatternsExpand(string pattern, string[] expected) => Assert.Equal(expected, AtomSymbols.Expand(pattern));

    [Theory]
    [InlineData("2*(H,O", "missing ')'")]
    [InlineData("H,Qq", "unknown element 'Qq'")]
    [InlineData("3 H", "expected '*' after a count")]
    [InlineData("", "empty list")]
    public void BadPatternsSayWhy(string pattern, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AtomSymbols.Expand(pattern)).Message);
}
