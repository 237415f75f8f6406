using LowRankMlip.Io;
using LowRankMlip.Simulation.Generation;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip generate flinak: the synthetic FLiNaK dataset labelled by the rigid-ion teacher (issue 8 §3).</summary>
public sealed class GenerateCommand : ICommand
{
    private const string Usage = "lrmlip generate flinak --out FILE.cfg [--atoms N] [--temperatures T,…] [--densities ρ,…] [--frames K] [--seed S] [options]";

    public string Name => "generate";
    public string Summary => "generate the synthetic FLiNaK dataset with the rigid-ion teacher";
    public IReadOnlySet<string> Flags => new HashSet<string> { "no-core" };
    public string Help => $"""
        usage: {Usage}

        Eutectic LiF-NaF-KF cells (Li:Na:K:F = 46.5:11.5:42:100, e.g. --atoms 400 → Li93Na23K84F200) are
        built at each density, melted (Langevin NVT, 1 fs, τ = 0.1 ps) at --melt-k, held at each temperature
        and sampled every --interval-fs; every frame carries the teacher's energy, forces and virial
        (Tosi–Fumi Set P + §5 core + Ewald, flinak-teacher.md). Frames with a pair closer than
        --min-distance are rejected. Deterministic for a seed; OUT (.cfg, or .xyz for extended XYZ) appears only when complete.
        Types: 0 Li, 1 Na, 2 K, 3 F.

          --atoms N             ions per cell, even (default 100 = Li23Na6K21F50)
          --temperatures T,…    K (default 700,1000,1300)
          --densities ρ,…       g/cm³ (default 1.53,1.70,1.87: ±10 % around the teacher's liquid)
          --frames K            total frames, shared equally by the state points (default 270)
          --seed S              (default 1)
          --melt-k T            melt temperature (default 2000)
          --melt-ps t           melt time per state point (default 1)
          --equilibrate-ps t    hold at the target before sampling (default 1)
          --interval-fs t       time between frames (default 50)
          --min-distance Å      reject frames with a closer pair (default 1.2, the §5 core radius)
        {SimulationOptions.TeacherHelp}
        example: lrmlip generate flinak --atoms 100 --frames 270 --seed 1 --out reference-data/flinak-teacher/flinak-teacher.cfg
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var defaults = new FlinakDatasetOptions();
        var options = new FlinakDatasetOptions
        {
            Atoms = args.GetInt("atoms", defaults.Atoms, min: 8),
            TemperaturesK = SimulationOptions.Doubles(args, "temperatures", defaults.TemperaturesK),
            DensitiesGCm3 = SimulationOptions.Doubles(args, "densities", defaults.DensitiesGCm3),
            Frames = args.GetInt("frames", defaults.Frames, min: 1),
            Seed = SimulationOptions.Seed(args),
            MeltTemperatureK = SimulationOptions.Double(args, "melt-k", defaults.MeltTemperatureK, min: 1),
            MeltPs = SimulationOptions.Double(args, "melt-ps", defaults.MeltPs, min: 0),
            EquilibratePs = SimulationOptions.Double(args, "equilibrate-ps", defaults.EquilibratePs, min: 0),
            IntervalFs = SimulationOptions.Double(args, "interval-fs", defaults.IntervalFs, min: 0),
            MinimumPairDistance = SimulationOptions.Double(args, "min-distance", defaults.MinimumPairDistance, min: 0),
        };
        var teacher = SimulationOptions.Teacher(args);
        var outPath = args.Get("out") ?? throw new UsageException($"--out FILE is required\nusage: {Usage}");
        args.Validate(1, 1, Usage);
        if (args.Positional[0] != "flinak") throw new UsageException($"unknown dataset '{args.Positional[0]}'; the generator knows: flinak\nusage: {Usage}");
        try { options.Validate(); } catch (ArgumentException e) { throw new UsageException(e.Message); }

        stderr.WriteLine($"generate: {FlinakComposition.Formula(options.Atoms)}, teacher {teacher.Name}");
        var generator = new FlinakDatasetGenerator(teacher, options);
        using var sink = ConfigurationFiles.OpenWriter(outPath);
        foreach (var frame in generator.Generate(line => stderr.WriteLine($"generate: {line}"))) sink.Write(frame);
        sink.Commit();
        stdout.WriteLine($"generate: {sink.Count} frames ({FlinakDatasetGenerator.DatasetLabel}) written to {outPath}; {generator.Rejected} rejected by the distance check");
        return 0;
    }
}
