using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class MamlJsonTests
{
    [Theory]
    [InlineData("Li", 241, 29)]
    [InlineData("Mo", 194, 23)]
    [InlineData("Si", 214, 25)]
    [InlineData("Ge", 228, 25)]
    [InlineData("Cu", 0, 31)]
    [InlineData("Ni", 0, 31)]
    public void Mlearn_counts(string element, int training, int test)
    {
        var dir = IoPaths.Ref($"mlearn-zuo2020/data/{element}");
        var testSet = MamlJsonReader.Read(Path.Combine(dir, "test.json")).ToList();
        Assert.Equal(test, testSet.Count);
        Assert.All(testSet, c => { Assert.True(c.HasEnergy && c.HasForces && c.HasVirial); Assert.All(c.Symbols!, s => Assert.Equal(element, s)); });
        if (training > 0) Assert.Equal(training, MamlJsonReader.Read(Path.Combine(dir, "training.json")).Count());
    }

    [Fact]
    public void Mlearn_atom_totals_match_readme()
    {
        Assert.Equal(11576, MamlJsonReader.Read(IoPaths.Ref("mlearn-zuo2020/data/Li/training.json")).Sum(c => c.AtomCount));
        Assert.Equal(1189, MamlJsonReader.Read(IoPaths.Ref("mlearn-zuo2020/data/Mo/test.json")).Sum(c => c.AtomCount));
    }

    [Fact]
    public void Monbtaw_counts_match_readme()
    {
        var dir = IoPaths.Ref("monbtaw-li2020/training");
        int train = 0, test = 0, trainAtoms = 0, testAtoms = 0;
        foreach (var f in Directory.GetFiles(dir, "*.json"))
            foreach (var c in MamlJsonReader.Read(f))
            {
                Assert.True(c.HasVirial);
                if (f.EndsWith("_Test.json", StringComparison.Ordinal)) { test++; testAtoms += c.AtomCount; }
                else { train++; trainAtoms += c.AtomCount; }
            }
        Assert.Equal((5282, 108464, 376, 10448), (train, trainAtoms, test, testAtoms));
        Assert.Equal(11, MamlJsonReader.Read(Path.Combine(dir, "Mo_Surface.json")).Count());
    }

    [Fact]
    public void Stress_conversion_by_hand_on_the_first_mo_test_record()
    {
        var c = MamlJsonReader.Read(IoPaths.Ref("mlearn-zuo2020/data/Mo/test.json")).First();
        Assert.Equal(53, c.AtomCount);
        Assert.Equal(42, c.Types[0]);
        Assert.Equal(-539.80255298, c.Energy);
        Assert.Equal([1.7127966307659999, 1.6357592443739999, 1.887897922775], c.Positions[..3]);
        Assert.Equal([-4.21477309, -4.16984221, 2.71052649], c.Forces![..3]);
        // virial_stress = [210.13642, 180.39226, 182.85487, -6.23697, -10.00848, -0.18956] kbar (xx yy zz xy yz zx),
        // V = 9.450121³ = 843.941042222574 Å³; W = s·V/1602.1766208, reordered to xx yy zz yz xz xy.
        double[] expected = [110.68863881883985, 95.02100451151806, 96.31817588638808, -5.271932527667419, -0.0998500801265163, -3.285302565133353];
        for (int k = 0; k < 6; k++) Assert.Equal(expected[k], c.Virial![k], 1e-10);
    }

    [Fact]
    public void Errors_name_the_record()
    {
        var path = IoPaths.TempFile("bad.json");
        File.WriteAllText(path, "[{\"structure\": {\"lattice\": {\"matrix\": [[1,0,0],[0,1,0],[0,0,1]]}, \"sites\": []}},\n {\"structure\": {}}]");
        var ex = Assert.Throws<InputFormatException>(() => MamlJsonReader.Read(path).ToList());
        Assert.Contains("record 1: missing 'structure.lattice'", ex.Message);
        File.WriteAllText(path, "[{\"structure\": {\"lattice\": {\"matrix\": [[1,0,0],[0,1,0],[0,0,1]]}, \"sites\": []}},\n {\"structure\": ]");
        var bad = Assert.Throws<InputFormatException>(() => MamlJsonReader.Read(path).ToList());
        Assert.Equal(2, bad.Line);
        Assert.Contains("invalid JSON", bad.Message);
    }
}
