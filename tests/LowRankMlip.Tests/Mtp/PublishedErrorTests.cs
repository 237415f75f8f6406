using LowRankMlip.Cli.Commands;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Tests.Mtp;

/// <summary>
/// Published potentials reproduce the energy RMSEs of datasets.md §4 (per atom, over the shipped test
/// sets) to ±0.001 meV/atom.
/// </summary>
public class PublishedErrorTests
{
    [Theory]
    [InlineData("Ni", 0.746)]
    [InlineData("Cu", 0.516)]
    [InlineData("Li", 0.660)]
    [InlineData("Mo", 3.978)]
    [InlineData("Si", 3.026)]
    [InlineData("Ge", 3.684)]
    public void MlearnTestEnergyRmse(string element, double expectedMevPerAtom)
    {
        var pot = MtpFile.Read(TestData.Path("mlearn-zuo2020", "fitted-mtp", element, "fitted.mtp"));
        var data = Mapped(ConfigurationFiles.Read(TestData.Path("mlearn-zuo2020", "data", element, "test.json")), pot, null);
        var stats = CalcErrorsCommand.Compute(new MtpEvaluator(pot), data, 2);
        Assert.Equal(expectedMevPerAtom, stats.EnergyRmsePerAtom * 1000, 0.0005 + 1e-9);
    }

    [Fact]
    public void QuaternaryMoNbTaWOnAll376TestConfigurations()
    {
        var pot = MtpFile.Read(TestData.Path("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp"));
        var files = Directory.EnumerateFiles(TestData.Path("monbtaw-li2020", "training"), "*_Test.json").Order(StringComparer.Ordinal);
        var data = Mapped(files.SelectMany(f => ConfigurationFiles.Read(f)), pot, ["Nb", "Mo", "Ta", "W"]);
        var stats = CalcErrorsCommand.Compute(new MtpEvaluator(pot), data, 2);
        Assert.Equal(376, stats.Configurations);
        Assert.Equal(7.003, stats.EnergyRmsePerAtom * 1000, 0.0005 + 1e-9);
    }

    private static IEnumerable<Configuration> Mapped(IEnumerable<Configuration> data, MtpPotential pot, string[]? species)
    {
        int i = 0;
        foreach (var c in data)
        {
            SpeciesResolver.Apply(c, pot, species, i++);
            yield return c;
        }
    }
}
