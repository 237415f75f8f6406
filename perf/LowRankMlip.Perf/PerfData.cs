using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Perf;

/// <summary>
/// Locates the shared reference data (env <c>LRMLIP_REFERENCE_DATA</c>, else <c>shared/reference-data</c>
/// above the current directory or the binaries) and loads the benchmark inputs. Nothing is copied.
/// </summary>
public static class PerfData
{
    public const int Seed = 20261125;

    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string CubicTraining => Path("motep-mtp-oracle", "original", "crystals", "cubic", "training.cfg");

    /// <summary>The cubic (Cu) potentials of the MLIP-3 anchor timings (mtp-spec §13.2).</summary>
    public static string CubicPotential(int level) => level switch
    {
        10 or 16 or 20 => Path("motep-mtp-oracle", "fitting", "crystals", "cubic", level.ToString(System.Globalization.CultureInfo.InvariantCulture), "pot.mtp"),
        24 => Path("samples", "motep", "tests", "data_path", "fitting", "crystals", "cubic", "24", "pot.mtp"),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "cubic potentials exist for levels 10, 16, 20, 24"),
    };

    public static string QuaternaryPotential => Path("monbtaw-li2020", "mtp-yin2021", "quaternary.mtp");
    public static string MultinaryTest => Path("monbtaw-li2020", "training", "Multinary_Test.json");
    public static readonly string[] QuaternarySpecies = ["Nb", "Mo", "Ta", "W"];

    public static MtpPotential ReadPotential(string path) => MtpFile.Read(path);

    /// <summary>The first <paramref name="count"/> configurations of a file, species mapped onto the potential.</summary>
    public static List<Configuration> ReadFirst(string path, int count, MtpPotential potential, IReadOnlyList<string>? species = null)
    {
        var list = new List<Configuration>(count);
        foreach (var cfg in ConfigurationFiles.Read(path))
        {
            SpeciesResolver.Apply(cfg, potential, species, list.Count);
            list.Add(cfg);
            if (list.Count == count) break;
        }
        if (list.Count == 0) throw new InvalidDataException($"{path} holds no configuration");
        return list;
    }

    /// <summary>The configuration repeated n×n×n times along its cell vectors.</summary>
    public static Configuration Replicate(Configuration cfg, int n)
    {
        var a = cfg.Cell.Vectors;
        int atoms = cfg.AtomCount;
        var types = new int[atoms * n * n * n];
        var pos = new double[3 * types.Length];
        int t = 0;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            for (int at = 0; at < atoms; at++, t++)
            {
                types[t] = cfg.Types[at];
                for (int d = 0; d < 3; d++)
                    pos[3 * t + d] = cfg.Positions[3 * at + d] + i * a[d] + j * a[3 + d] + k * a[6 + d];
            }
        var cell = new double[9];
        for (int d = 0; d < 9; d++) cell[d] = n * a[d];
        return new Configuration(Cell.Periodic(cell), types, pos);
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("LRMLIP_REFERENCE_DATA");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference-data");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException("shared/reference-data not found above " + Environment.CurrentDirectory + "; set LRMLIP_REFERENCE_DATA");
    }

    /// <summary>
    /// A benchmark case by name: <c>CubicNN</c> = the first cubic Cu configuration with the level-NN
    /// potential; <c>Quaternary14</c> = the first Multinary_Test.json configuration with quaternary.mtp.
    /// </summary>
    public static (MtpPotential potential, Configuration configuration) LoadCase(string name)
    {
        if (name == "Quaternary14")
        {
            var q = ReadPotential(QuaternaryPotential);
            return (q, ReadFirst(MultinaryTest, 1, q, QuaternarySpecies)[0]);
        }
        int level = int.Parse(name.AsSpan("Cubic".Length), System.Globalization.CultureInfo.InvariantCulture);
        var p = ReadPotential(CubicPotential(level));
        return (p, ReadFirst(CubicTraining, 1, p)[0]);
    }
}
