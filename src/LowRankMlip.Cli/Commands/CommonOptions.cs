using LowRankMlip.Ace;
using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Cli.Commands;

/// <summary>Options shared by the evaluation verbs (--threads, --species, --kernel).</summary>
internal static class CommonOptions
{
    public const string ThreadsHelp = "  --threads N      worker threads (default: all cores)";
    public const string SpeciesHelp = "  --species A,B,…  element of each potential species, in order, for data that names elements (extxyz, JSON)";
    public const string KernelHelp = "  --kernel PATH    auto | scalar | avx2 | avx512 (default auto: the widest the CPU runs)";

    public static int Threads(CliArguments a) => a.GetInt("threads", Environment.ProcessorCount, min: 1);

    public static string[]? Species(CliArguments a) =>
        a.Get("species")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static KernelPath Kernel(CliArguments a) => a.Get("kernel") switch
    {
        null or "auto" => KernelPath.Auto,
        "scalar" => KernelPath.Scalar,
        "avx2" or "256" => KernelPath.Vector256,
        "avx512" or "512" => KernelPath.Vector512,
        var s => throw new UsageException($"--kernel expects auto, scalar, avx2 or avx512, got '{s}'"),
    };

    public static MtpPotential LoadTrainedPotential(string path) => LoadEvaluator(path, KernelPath.Auto).Potential;

    /// <summary>
    /// A trained potential (.mtp or compressed .lrmtp) and its evaluator: the latent-function evaluator for a
    /// compressed potential of low μ-rank, the dense one otherwise (<see cref="EvaluatorFactory"/>).
    /// </summary>
    public static (MtpPotential Potential, MtpEvaluator Evaluator) LoadEvaluator(string path, KernelPath kernel)
    {
        var loaded = PotentialFile.Read(path);
        if (!loaded.Potential.IsTrained)
            throw new InputFormatException(path, 0, "the potential has no radial_coeffs/species_coeffs/moment_coeffs (an untrained template); train it first");
        return (loaded.Potential, EvaluatorFactory.Create(loaded, kernel));
    }

    /// <summary>
    /// A model for the evaluation verbs: an MTP (.mtp, .almtp, .lrmtp, via <see cref="LoadEvaluator"/>) or an
    /// ACE potential (.yace), with the EFS_by label and the reader that maps a data set onto its species.
    /// </summary>
    public sealed record EvaluationModel(IConfigurationEvaluator Evaluator, string EfsBy, Func<string, IEnumerable<Configuration>> Read);

    public static EvaluationModel LoadModel(string path, KernelPath kernel, string[]? species)
    {
        if (!YaceFile.IsYace(path))
        {
            var (potential, evaluator) = LoadEvaluator(path, kernel);
            return new(evaluator, $"MultiMTP{potential.Basis.ScalarCount + 1}", data => ReadMapped(data, potential, species));
        }
        var ace = YaceFile.Read(path);
        if (species is not null && !species.SequenceEqual(ace.Elements))
            throw new UsageException($"--species {string.Join(",", species)} differs from the elements of {path} ({string.Join(",", ace.Elements)}); a .yace names its species itself");
        return new(new AceEvaluator(ace, kernel), $"PACE{ace.BasisCoefficientCount}", data => ReadMapped(data, ace));
    }

    /// <summary>Streams the data set for an ACE potential: .cfg type t is species t, element names map by symbol.</summary>
    public static IEnumerable<Configuration> ReadMapped(string path, AcePotential potential)
    {
        int index = 0;
        foreach (var cfg in ConfigurationFiles.Read(path))
        {
            AceSpeciesResolver.Apply(cfg, potential, index++);
            yield return cfg;
        }
    }

    /// <summary>Streams the data set, mapping element names onto the potential's species.</summary>
    public static IEnumerable<Configuration> ReadMapped(string path, MtpPotential potential, string[]? species)
    {
        int index = 0;
        foreach (var cfg in ConfigurationFiles.Read(path))
        {
            SpeciesResolver.Apply(cfg, potential, species, index++);
            yield return cfg;
        }
    }
}
