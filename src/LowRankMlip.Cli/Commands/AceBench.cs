using System.Globalization;
using System.Text.Json;
using LowRankMlip.Ace;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip bench for an ACE potential: µs/atom on 1 and N threads over prepared neighbour lists.</summary>
internal static class AceBench
{
    public static int Run(string potentialPath, string dataPath, KernelPath kernel, int threads, int repeat, bool json, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        var potential = YaceFile.Read(potentialPath);
        var evaluator = new AceEvaluator(potential, kernel);
        var configurations = CommonOptions.ReadMapped(dataPath, potential).ToList();
        long atoms = configurations.Sum(c => (long)c.AtomCount);
        if (atoms == 0) throw new ArgumentException($"{dataPath}: no atoms");
        var lists = configurations.Select(c => NeighborList.Build(c, evaluator.Cutoff)).ToArray();
        double neighbours = (double)lists.Sum(l => (long)l.PairCount) / atoms;
        double one = BenchCommand.TimePasses(evaluator, configurations, lists, 1, repeat);
        double many = threads > 1 ? BenchCommand.TimePasses(evaluator, configurations, lists, threads, repeat) : one;
        // Control timed in the same run when the latent path is in use: the dense (n, l) evaluation of the same crad.
        double? dense = evaluator.LatentRank is null ? null
            : BenchCommand.TimePasses(new AceEvaluator(potential, kernel, allowLatent: false), configurations, lists, 1, repeat);
        var report = new Dictionary<string, object>
        {
            ["potential"] = potentialPath, ["data"] = dataPath, ["model"] = "ACE",
            ["configurations"] = configurations.Count, ["atoms"] = atoms, ["neighbours_per_atom"] = neighbours,
            ["kernel_path"] = KernelDispatch.Describe(evaluator.Path), ["threads"] = threads, ["repeat"] = repeat,
            ["us_per_atom"] = one / atoms * 1e6, ["atoms_per_s_per_core"] = atoms / one,
            ["us_per_atom_threads"] = many / atoms * 1e6, ["atoms_per_s_per_core_threads"] = atoms / many / threads,
            ["thread_speedup"] = one / many,
            ["radial_parameters"] = potential.RadialParameterCount,
            ["factored_radial_rank"] = evaluator.FactoredRadialRank ?? 0,
            ["latent_rank"] = evaluator.LatentRank ?? 0,
            ["evaluation_path"] = evaluator.EvaluationPathDescription,
            ["us_per_atom_dense_path"] = dense is double dd ? dd / atoms * 1e6 : one / atoms * 1e6,
        };
        if (json) stdout.WriteLine(JsonSerializer.Serialize(report));
        else
        {
            stdout.WriteLine($"ACE, {configurations.Count} configurations, {atoms} atoms, {neighbours.ToString("F1", inv)} neighbours/atom, {KernelDispatch.Describe(evaluator.Path)}, " +
                evaluator.EvaluationPathDescription);
            stdout.WriteLine($"1 thread:   {(one / atoms * 1e6).ToString("F2", inv)} µs/atom   {(atoms / one).ToString("F0", inv)} atoms/s");
            stdout.WriteLine($"{threads} threads:  {(many / atoms * 1e6).ToString("F2", inv)} µs/atom   {(atoms / many / threads).ToString("F0", inv)} atoms/s per core   speed-up {(one / many).ToString("F2", inv)}");
            if (dense is double d)
                stdout.WriteLine($"latent path: {(d / one).ToString("F2", inv)}× the dense (n, l) path on one thread ({(d / atoms * 1e6).ToString("F2", inv)} µs/atom)");
        }
        return 0;
    }
}
