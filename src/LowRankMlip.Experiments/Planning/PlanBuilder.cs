using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.Experiments.Definition;
using LowRankMlip.Experiments.Data;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Templates;

namespace LowRankMlip.Experiments.Planning;

/// <summary>
/// Turns bound <see cref="ExperimentOptions"/> into an <see cref="ExperimentPlan"/>: applies the profile over the
/// defaults, resolves the data root and the manifest, checks that the data are there, loads the starts and
/// expands the grid levels × methods × views × ranks × seeds (issue 5 §3) in run order: per start, full cells
/// first (svd truncates them), then the methods in the order given.
/// </summary>
public static class PlanBuilder
{
    public static readonly string[] MethodOrder = ["full", "svd", "mf", "rmf", "tucker", "tt", "mfra"];

    public static ExperimentPlan Build(ExperimentOptions o, string definitionPath, string? currentDirectory = null)
    {
        currentDirectory ??= Environment.CurrentDirectory;
        if (string.IsNullOrWhiteSpace(o.Name)) throw new ArgumentException($"{definitionPath}: Name is required");
        var profileName = string.IsNullOrWhiteSpace(o.Profile) ? "quick" : o.Profile.Trim();
        var profile = o.Profiles.FirstOrDefault(p => string.Equals(p.Key, profileName, StringComparison.OrdinalIgnoreCase)).Value
            ?? throw new ArgumentException($"{definitionPath}: no profile '{profileName}' (defined: {string.Join(", ", o.Profiles.Keys)})");
        var d = o.Defaults;

        var repository = RepositoryLayout.FindRoot(definitionPath, currentDirectory);
        var catalogPath = !string.IsNullOrWhiteSpace(o.Data.Catalog) ? Path.Combine(currentDirectory, o.Data.Catalog)
            : repository is not null ? Path.Combine(repository, RepositoryLayout.CatalogRelativePath)
            : throw new ArgumentException($"no dataset manifest: set Data:Catalog (the default {RepositoryLayout.CatalogRelativePath} needs the repository)");
        var catalog = DatasetCatalog.Load(catalogPath);
        var root = DataRoot.Resolve(o.Data.Root, repository, currentDirectory).WithRepositoryDatasets(catalog);

        var species = ListSetting.Split(o.Data.Species);
        if (species.Length == 0) throw new ArgumentException($"{definitionPath}: Data:Species is required (the element of each potential species, in order)");
        var trainFiles = root.Expand(ListSetting.Split(o.Data.Train));
        if (trainFiles.Count == 0) throw new ArgumentException($"{definitionPath}: Data:Train names no file");
        var testFiles = root.Expand(ListSetting.Split(o.Data.Test));
        if (testFiles.Count == 0 && o.Data.HoldOutEvery < 2)
            throw new ArgumentException($"{definitionPath}: give Data:Test files or Data:HoldOutEvery ≥ 2 (hold out every k-th training configuration)");
        var dataset = catalog.Get(DataRoot.DatasetOf(trainFiles[0]));

        var settings = new ExperimentSettings(
            IterationLimit: Positive(profile.IterationLimit ?? d.IterationLimit ?? 1000, "IterationLimit", allowZero: true),
            MaxTimeSeconds: profile.MaxTimeSeconds ?? d.MaxTimeSeconds ?? 0,
            Tolerance: profile.Tolerance ?? d.Tolerance ?? 0,
            TrainEvery: Positive(profile.TrainEvery ?? d.TrainEvery ?? 1, "TrainEvery"),
            TestEvery: Positive(profile.TestEvery ?? d.TestEvery ?? 1, "TestEvery"),
            SvdRefitLinear: profile.SvdRefitLinear ?? d.SvdRefitLinear ?? true,
            MfraStartRank: Positive(profile.MfraStartRank ?? d.MfraStartRank ?? 1, "MfraStartRank"),
            Threads: Positive(o.Threads ?? Environment.ProcessorCount, "Threads"),
            Weights: o.Weights.ToLossWeights());
        var data = new DataSelection(species, trainFiles, testFiles, o.Data.HoldOutEvery, settings.TrainEvery, settings.TestEvery);

        if (o.Starts.Count == 0) throw new ArgumentException($"{definitionPath}: Starts is empty (give a Template, a published Potential or a GeneratedLevel)");
        var levels = ListSetting.Split(profile.Levels ?? d.Levels);
        // A start whose explicit Label the profile does not select is not loaded: its file may be absent (offline runs).
        var allStarts = o.Starts.Select((s, i) => (s, i))
            .Where(x => levels.Length == 0 || string.IsNullOrWhiteSpace(x.s.Label) || levels.Contains(x.s.Label.Trim()))
            .Select(x => LoadStart(x.s, x.i, root, species.Length, definitionPath)).ToList();
        var duplicate = allStarts.GroupBy(s => s.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{definitionPath}: two starts are labelled '{duplicate.Key}'; give them distinct Label values");
        foreach (var l in levels.Where(l => allStarts.All(s => s.Label != l)))
            throw new ArgumentException($"{definitionPath}: profile {profileName}: Levels names '{l}', not a start label ({string.Join(", ", allStarts.Select(s => s.Label))})");
        var starts = levels.Length == 0 ? allStarts : allStarts.Where(s => levels.Contains(s.Label)).ToList();

        var methods = ListSetting.Split(profile.Methods ?? d.Methods);
        if (methods.Length == 0) throw new ArgumentException($"{definitionPath}: profile {profileName}: Methods is empty");
        foreach (var m in methods.Where(m => !MethodOrder.Contains(m)))
            throw new ArgumentException($"{definitionPath}: unknown method '{m}' (expected {string.Join(", ", MethodOrder)})");
        var views = ListSetting.Split(profile.Views ?? d.Views).Select(RadialViews.Parse).ToList();
        var ranks = new Dictionary<RadialView, int[][]>();
        foreach (var source in new[] { d.Ranks, profile.Ranks })
            foreach (var (view, spec) in source ?? [])
                ranks[RadialViews.Parse(view)] = ListSetting.RankSpecs(spec, $"Ranks:{view}");
        var seeds = ListSetting.Integers(profile.Seeds ?? d.Seeds ?? "1", "Seeds");
        if (seeds.Length == 0) throw new ArgumentException($"{definitionPath}: Seeds is empty");

        var cells = new List<CellSpec>();
        foreach (var start in starts)
        {
            // A published start is deterministic for every method (truncated-SVD initialization): one seed.
            var startSeeds = start.IsTemplate ? seeds : [seeds[0]];
            foreach (var method in MethodOrder.Where(methods.Contains))
            {
                if (method == CellSpec.FullName)
                {
                    cells.AddRange(startSeeds.Select(s => new CellSpec(start, null, null, [], s)));
                    continue;
                }
                var m = CompressionMethods.Parse(method);
                foreach (var view in views)
                    foreach (var r in ranks.GetValueOrDefault(view) ?? [])
                    {
                        if (!Applies(m, view, r, start.Shape)) continue;
                        var specs = startSeeds.Select(s => new CellSpec(start, m, view, r, s)).ToList();
                        // Build the cell's low-rank form once: checks the ranks against the shape (Tucker: r_i ≤ Π_{j≠i} r_j, …).
                        try { CompressionTargets.Validate(m, start.Shape, view, r); CellCounts.Of(specs[0]); }
                        catch (ArgumentException e) { throw new ArgumentException($"{definitionPath}: start {start.Label}, {method} on {RadialViews.Name(view)} ranks {ListSetting.FormatRanks(r)}: {e.Message}", e); }
                        cells.AddRange(specs);
                    }
            }
        }
        if (cells.Count == 0) throw new ArgumentException($"{definitionPath}: profile {profileName} gives no cell (check Methods, Views and Ranks)");
        if (cells.Any(c => c.Method == CompressionMethod.Svd && c.Start.IsTemplate) && !methods.Contains(CellSpec.FullName))
            throw new ArgumentException($"{definitionPath}: svd on a template start truncates the full cell: add 'full' to Methods");

        var output = o.Out is { Length: > 0 } outSetting ? Path.Combine(currentDirectory, outSetting)
            : Path.Combine(repository ?? currentDirectory, "results", o.Name, profileName == "full" ? "" : profileName);
        return new ExperimentPlan(o.Name, string.IsNullOrWhiteSpace(o.Title) ? o.Name : o.Title, profileName, Path.GetFullPath(definitionPath), repository,
            Path.GetFullPath(output), root, catalog, dataset, data, starts, cells, settings, o);
    }

    /// <summary>Whether a rank alternative is meant for this method and view (its count selects the kind on tensor views).</summary>
    private static bool Applies(CompressionMethod m, RadialView view, int[] ranks, RadialShape shape)
    {
        bool matrix = RadialViews.IsMatrix(view);
        int d = matrix ? 0 : RadialViews.TensorModes(shape, view).Length;
        return m switch
        {
            CompressionMethod.Mf or CompressionMethod.Rmf or CompressionMethod.Mfra => matrix && ranks.Length == 1,
            CompressionMethod.Tucker => !matrix && ranks.Length == d,
            CompressionMethod.Tt => !matrix && ranks.Length == d - 1,
            _ => matrix ? ranks.Length == 1 : ranks.Length == d || ranks.Length == d - 1,
        };
    }

    private static StartPoint LoadStart(StartOptions s, int index, DataRoot root, int speciesCount, string definitionPath)
    {
        bool template = !string.IsNullOrWhiteSpace(s.Template);
        int given = (template ? 1 : 0) + (string.IsNullOrWhiteSpace(s.Potential) ? 0 : 1) + (s.GeneratedLevel is null ? 0 : 1);
        if (given != 1)
            throw new ArgumentException($"{definitionPath}: Starts:{index} needs exactly one of Template, Potential and GeneratedLevel");
        if (s.GeneratedLevel is int level)
        {
            MtpPotential generated;
            try { generated = MtpTemplateGenerator.Template(level); }
            catch (ArgumentException e) { throw new ArgumentException($"{definitionPath}: Starts:{index}: GeneratedLevel: {e.Message}"); }
            var generatedLabel = string.IsNullOrWhiteSpace(s.Label) ? $"{level} generated" : s.Label.Trim();
            return new StartPoint(generatedLabel, true, $"lrmlip template --level {level}", generated, speciesCount) { IsGenerated = true };
        }
        var relative = (template ? s.Template : s.Potential)!.Replace('\\', '/');
        var potential = PotentialFile.Read(root.File(relative)).Potential;
        if (template && potential.IsTrained) throw new ArgumentException($"{definitionPath}: Starts:{index}: {relative} is a trained potential; use Potential, not Template");
        if (!template && !potential.IsTrained) throw new ArgumentException($"{definitionPath}: Starts:{index}: {relative} is an untrained template; use Template, not Potential");
        if (!template && potential.SpeciesCount != speciesCount)
            throw new ArgumentException($"{definitionPath}: Starts:{index}: {relative} has {potential.SpeciesCount} species, Data:Species lists {speciesCount}");
        var label = string.IsNullOrWhiteSpace(s.Label) ? $"{potential.Level} {(template ? "template" : "published")}" : s.Label.Trim();
        return new StartPoint(label, template, relative, potential, template ? speciesCount : potential.SpeciesCount);
    }

    private static int Positive(int value, string name, bool allowZero = false) =>
        value > 0 || (allowZero && value == 0) ? value : throw new ArgumentException($"{name} must be {(allowZero ? "≥ 0" : "positive")}, got {value}");
}
