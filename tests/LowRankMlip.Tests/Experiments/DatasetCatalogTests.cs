using LowRankMlip.Experiments.Data;
using LowRankMlip.Experiments.Definition;

namespace LowRankMlip.Tests.Experiments;

/// <summary>reference-data/datasets.json against the shared copies (issue 5 §1) and against the definitions that use it.</summary>
public class DatasetCatalogTests
{
    private static readonly DatasetCatalog Catalog = DatasetCatalog.Load(ExperimentPaths.Catalog);

    public static TheoryData<string> Files => new(Catalog.Datasets.SelectMany(d => d.Files).Select(f => f.Path));

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFileMatchesItsChecksumInTheSharedCopy(string relative)
    {
        var entry = Catalog.File(relative)!;
        var dataset = Catalog.Get(DataRoot.DatasetOf(relative));
        // An in-repository dataset is checked in reference-data/ (it has no shared copy and no upstream URL).
        var path = dataset.InRepository ? Path.Combine(Catalog.Directory, relative) : TestData.Path(relative.Split('/'));
        Assert.True(File.Exists(path), $"{relative} is not in {(dataset.InRepository ? Catalog.Directory : TestData.Root)}");
        Assert.Equal(entry.Bytes, new FileInfo(path).Length);
        Assert.Equal(entry.Sha256, DatasetCatalog.Sha256(path));
        // The git blob hash ties the copy to the upstream commit the URL names.
        var bytes = File.ReadAllBytes(path);
        var blob = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData([.. System.Text.Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
        Assert.Equal(entry.GitBlob, blob);
        if (dataset.InRepository) Assert.Null(entry.Url);
        else Assert.Matches("^https://raw.githubusercontent.com/[^/]+/[^/]+/[0-9a-f]{40}/", entry.Url);
        Assert.Contains(entry.Role, new[] { "train", "test", "train+test", "potential", "template", "reference", "licence", "doc" });
    }

    [Fact]
    public void EveryDatasetStatesLicenceSpeciesAndStandIn()
    {
        foreach (var d in Catalog.Datasets)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Licence), d.Name);
            Assert.All(d.Files, f => Assert.StartsWith(d.Name + "/", f.Path));
        }
        Assert.Equal(["Nb", "Mo", "Ta", "W"], Catalog.Get("monbtaw-li2020").Species);
        Assert.Contains("FLiNaK", Catalog.Get("al4gap-kcl-thcl4").StandInFor);
        Assert.Equal(225, LowRankMlip.Io.AtomSymbols.Expand(Catalog.Get("ean-neuralil").AtomSymbols!).Length);
    }

    [Fact]
    public void EveryFileADefinitionUsesIsListed()
    {
        var root = new DataRoot(TestData.Root).WithRepositoryDatasets(Catalog);
        foreach (var name in ExperimentPaths.DefinitionNames)
        {
            var o = ExperimentConfiguration.Load(ExperimentPaths.Definition(name), [], _ => null);
            var used = root.Expand(ListSetting.Split(o.Data.Train).Concat(ListSetting.Split(o.Data.Test)))
                .Concat(o.Starts.Where(s => s.GeneratedLevel is null).Select(s => (s.Template ?? s.Potential)!));
            Assert.All(used, f => Assert.True(Catalog.File(f) is not null, $"{name}: {f} is not in datasets.json"));
        }
    }

    [Fact]
    public void FetchDataCopiesFromAMirrorVerifiesAndRefusesACorruptFile()
    {
        var target = ExperimentPaths.TempDirectory("fetch");
        var (code, output) = Bash($"scripts/fetch-data.sh --from '{TestData.Root}' --data '{target}' --only ean-neuralil");
        Assert.True(code == 0, output);
        Assert.Contains("3 fetched", output);
        Assert.Equal(Catalog.File("ean-neuralil/validation_original.json")!.Sha256, DatasetCatalog.Sha256(Path.Combine(target, "ean-neuralil", "validation_original.json")));
        (code, output) = Bash($"scripts/fetch-data.sh --from '{TestData.Root}' --data '{target}' --only ean-neuralil");
        Assert.Contains("0 fetched, 3 already present", output);

        var mirror = ExperimentPaths.TempDirectory("mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "3bpa-botnet"));
        foreach (var f in Catalog.Get("3bpa-botnet").Files)
            File.Copy(TestData.Path(f.Path.Split('/')), Path.Combine(mirror, f.Path));
        File.AppendAllText(Path.Combine(mirror, "3bpa-botnet", "iso_atoms.xyz"), " ");
        (code, output) = Bash($"scripts/fetch-data.sh --from '{mirror}' --data '{target}' --only 3bpa-botnet");
        Assert.NotEqual(0, code);
        Assert.Contains("3bpa-botnet/iso_atoms.xyz: sha256", output);
        Assert.False(File.Exists(Path.Combine(target, "3bpa-botnet", "iso_atoms.xyz")));
    }

    private static (int Code, string Output) Bash(string command)
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = ExperimentPaths.Repository, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
