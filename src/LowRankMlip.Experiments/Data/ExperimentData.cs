using LowRankMlip.Experiments.Planning;
using LowRankMlip.Io;
using LowRankMlip.Mtp;

namespace LowRankMlip.Experiments.Data;

/// <summary>A data file of a run with its checksum and the manifest's (manifest.json "data").</summary>
public sealed record DataFileRecord(string Path, string Dataset, string Role, string Sha256, string? ExpectedSha256)
{
    public bool Verified => ExpectedSha256 is not null && ExpectedSha256 == Sha256;
}

/// <summary>
/// The configurations of a run: training and test sets read from the data root (element names mapped onto
/// the potential's species per start), the hold-out split and the every-k-th subsamples of the plan.
/// Every file's sha256 is compared with reference-data/datasets.json (Data:Verify).
/// </summary>
public sealed class ExperimentData
{
    private ExperimentData(List<Configuration> train, List<Configuration> test, IReadOnlyList<DataFileRecord> files, IReadOnlyList<string> species)
    {
        Train = train;
        Test = test;
        Files = files;
        _species = species;
    }

    private readonly IReadOnlyList<string> _species;

    public IReadOnlyList<Configuration> Train { get; }
    public IReadOnlyList<Configuration> Test { get; }
    public IReadOnlyList<DataFileRecord> Files { get; }

    public static ExperimentData Load(ExperimentPlan plan)
    {
        var files = new List<DataFileRecord>();
        var startFiles = plan.Starts.Where(s => !s.IsGenerated).Select(s => s.RelativePath);
        foreach (var relative in plan.Data.AllFiles.Concat(startFiles).Distinct(StringComparer.Ordinal))
        {
            var entry = plan.Catalog.File(relative);
            var sha = DatasetCatalog.Sha256(plan.DataRoot.File(relative));
            var record = new DataFileRecord(relative, DataRoot.DatasetOf(relative), entry?.Role ?? "unlisted", sha, entry?.Sha256);
            if (plan.Options.Data.Verify && !record.Verified)
                throw new InvalidDataException(entry is null
                    ? $"{relative} is not listed in {plan.Catalog.Path}; add it (with its sha256) or set Data:Verify=false"
                    : $"{Path.Combine(plan.DataRoot.Path, relative)}: sha256 {sha} differs from {entry.Sha256} in {plan.Catalog.Path}; fetch it again (bash scripts/fetch-data.sh --only {record.Dataset}) or set Data:Verify=false");
            files.Add(record);
        }

        var train = new List<Configuration>();
        var heldOut = new List<Configuration>();
        int index = 0;
        foreach (var file in plan.Data.TrainFiles)
            foreach (var c in Read(plan, file))
            {
                (plan.Data.HoldOutEvery > 1 && index % plan.Data.HoldOutEvery == plan.Data.HoldOutEvery - 1 ? heldOut : train).Add(c);
                index++;
            }
        var test = heldOut.Concat(plan.Data.TestFiles.SelectMany(f => Read(plan, f))).ToList();
        train = EveryKth(train, plan.Data.TrainEvery);
        test = EveryKth(test, plan.Data.TestEvery);
        if (train.Count == 0) throw new ArgumentException($"{plan.Name}: no training configurations after subsampling");
        if (test.Count == 0) throw new ArgumentException($"{plan.Name}: no test configurations after subsampling");
        return new ExperimentData(train, test, files, plan.Data.Species);
    }

    /// <summary>
    /// Maps every configuration onto <paramref name="start"/>'s species, in place, as lrmlip train does: a template
    /// takes element k of Data:Species as species k; a trained potential maps through <see cref="SpeciesResolver"/>.
    /// For a template every species must occur in the training set (its species come from the data).
    /// </summary>
    public ExperimentData MapFor(StartPoint start)
    {
        var map = new SpeciesMap(_species);
        int i = 0;
        foreach (var c in Train.Concat(Test))
        {
            if (start.IsTemplate) map.Apply(c, i + 1);
            else SpeciesResolver.Apply(c, start.Potential, _species, i);
            i++;
        }
        if (start.IsTemplate)
        {
            var present = Train.SelectMany(c => c.Types).Distinct().Count();
            if (present != _species.Count)
                throw new ArgumentException($"the training subset holds {present} of the {_species.Count} species ({string.Join(",", _species)}); use a smaller TrainEvery");
        }
        return this;
    }

    private static IEnumerable<Configuration> Read(ExperimentPlan plan, string relative)
    {
        var dataset = plan.Catalog.File(relative) is not null ? plan.Catalog.Get(DataRoot.DatasetOf(relative)) : null;
        var symbols = dataset?.AtomSymbols is { } pattern ? AtomSymbols.Expand(pattern) : null;
        var path = plan.DataRoot.File(relative);
        var configurations = ConfigurationFiles.Read(path, atomSymbols: symbols);
        return dataset is { CfgTypesAreSpecies: true } && ConfigurationFiles.Detect(path) == ConfigurationFormat.Cfg
            ? configurations.Select((c, i) => SpeciesTypesToAtomicNumbers(c, dataset, path, i + 1))
            : configurations;
    }

    /// <summary>A .cfg of species indices (cfg_types "species") gets atomic numbers, as element-named data, so Data:Species maps it.</summary>
    private static Configuration SpeciesTypesToAtomicNumbers(Configuration c, Dataset dataset, string path, int index)
    {
        for (int a = 0; a < c.AtomCount; a++)
        {
            int type = c.Types[a];
            if (type < 0 || type >= dataset.Species.Count || !Elements.TryGetAtomicNumber(dataset.Species[type], out int z))
                throw new InvalidDataException($"{path}: configuration {index}, atom {a + 1}: type {type} is not a species of dataset '{dataset.Name}' (0..{dataset.Species.Count - 1} = {string.Join(",", dataset.Species)})");
            c.Types[a] = z;
        }
        return c;
    }

    private static List<Configuration> EveryKth(List<Configuration> list, int k) =>
        k <= 1 ? list : list.Where((_, i) => i % k == 0).ToList();
}
