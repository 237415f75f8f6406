using System.Text.Json;
using LowRankMlip.Io;

namespace LowRankMlip.Experiments.Output;

/// <summary>
/// manifest.json (issue 5 §4): commit, machine, .NET version, SIMD path, data files with their checksums,
/// the full resolved configuration (every configuration key after the JSON, LRMLIP_DATA and command-line
/// sources, and the resolved plan), and the run's bookkeeping.
/// </summary>
public static class ManifestWriter
{
    public static string Format(RunSummary s)
    {
        var p = s.Plan;
        var doc = new
        {
            name = p.Name,
            title = p.Title,
            profile = p.Profile,
            complete = s.Complete,
            cells = new { total = p.Cells.Count, finished = s.Cells.Count, computed_this_run = s.Computed, reused = s.Reused },
            wall_seconds_this_run = s.WallSeconds,
            dataset = new { p.Dataset.Name, p.Dataset.Title, p.Dataset.StandInFor, p.Dataset.Licence, catalog = p.Catalog.Path },
            provenance = new
            {
                commit = s.Provenance.Commit,
                working_tree_clean = s.Provenance.WorkingTreeClean,
                machine = new { cpu = s.Provenance.Cpu, logical_cores = s.Provenance.LogicalCores, os = s.Provenance.Os },
                dotnet = s.Provenance.DotNet,
                simd_path = s.Provenance.SimdPath,
                utc = s.Provenance.Utc,
            },
            data = new
            {
                root = p.DataRoot.Path,
                train = new { configurations = s.Train.Configurations, atoms = s.Train.Atoms },
                test = new { configurations = s.Test.Configurations, atoms = s.Test.Atoms },
                files = s.DataFiles.Select(f => new { f.Path, f.Dataset, f.Role, f.Sha256, expected_sha256 = f.ExpectedSha256, verified = f.Verified, location = p.DataRoot.BaseOf(f.Path) }),
            },
            resolved = new
            {
                definition = TableWriter.Relative(p.DefinitionPath, p.RepositoryRoot),
                output = p.OutputDirectory,
                settings = new
                {
                    p.Settings.IterationLimit, p.Settings.MaxTimeSeconds, p.Settings.Tolerance, p.Settings.TrainEvery, p.Settings.TestEvery,
                    p.Settings.SvdRefitLinear, p.Settings.MfraStartRank, p.Settings.Threads, weights = p.Settings.Weights,
                },
                data = new { p.Data.Species, p.Data.TrainFiles, p.Data.TestFiles, p.Data.HoldOutEvery },
                starts = p.Starts.Select(st => new { st.Label, kind = st.Kind, path = st.RelativePath, level = st.Level, species = st.SpeciesCount }),
                cells = p.Cells.Select(c => c.Key),
            },
            configuration = s.Configuration,
        };
        return JsonSerializer.Serialize(doc, Running.CellStore.Json) + "\n";
    }

    public static void Write(RunSummary s, string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, OutputFiles.Manifest), Format(s));
}
