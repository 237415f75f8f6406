using System.Globalization;
using LowRankMlip.Io;
using LowRankMlip.Simulation;
using LowRankMlip.Simulation.Analysis;
using LowRankMlip.Simulation.Dynamics;
using LowRankMlip.Simulation.Generation;
using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip md: NPT molecular dynamics at a list of temperatures with any model, and the density table (issue 8 §4).</summary>
public sealed class MdCommand : ICommand
{
    private const string Usage = "lrmlip md MODEL --temperatures T,… --out DIR [--model-name NAME] [--atoms N | --from FILE] [options]";

    public string Name => "md";
    public string Summary => "NPT molecular dynamics (teacher, MTP or compressed MTP): density versus temperature";
    public IReadOnlySet<string> Flags => new HashSet<string> { "no-core", "resume", "nvt" };
    public string Help => $"""
        usage: {Usage}

        MODEL is 'teacher' (the rigid-ion FLiNaK teacher) or a trained .mtp / compressed .lrmtp. For each
        temperature: a start cell (a eutectic FLiNaK lattice of --atoms ions at --density, or the first
        configuration of --from) is melted (Langevin NVT at --melt-k for --melt-ps), then run in NPT
        (thermostat + isotropic C-rescale barostat at --pressure-bar) for --equilibrate-ps + --production-ps.
        The mean density and its block-average standard error (10 blocks) over production go into
        DIR/density.csv (rows of the same model and temperature are replaced; deviation_from_teacher_pct is
        recomputed from the teacher rows) and DIR/density.png with the experimental line (flinak-teacher §6).
        Per temperature DIR holds the thermo log and an atomic checkpoint; --resume continues from it bit for bit.
        The random stream of the k-th temperature of the list (k = 0, 1, …) is seeded with S·1000003 + k, so a
        temperature run alone or at another position of the list follows another (equally valid) trajectory.
        A temperature where the model goes unstable (non-finite energy, or a barostat step changing the volume
        by more than 25 %, or a production mean temperature 25 % off the target) gets no row; the verb
        then exits with code 3.

          --model-name NAME     the model column (default: teacher, or the file name without extension)
          --temperatures T,…    K (default 800,900,1000,1100,1200)
          --atoms N             ions of the FLiNaK start cell (default 100)
          --density ρ           g/cm³ of the start cell (default 1.70)
          --from FILE           start from the first configuration of FILE instead
          --masses m0,m1,…      amu per type (default: Li, Na, K, F for types 0–3)
          --species A,B,…       element per type, for extxyz trajectories (default Li,Na,K,F)
          --melt-k T            (default 1500)     --melt-ps t       (default 2)
          --equilibrate-ps t    (default 10)       --production-ps t (default 40)
          --timestep-fs t       (default 1)        --seed S          (default 1)
          --thermostat KIND     nhc | langevin (default nhc)        --tau-t-fs t (default 100)
          --pressure-bar P      (default 0)        --tau-p-fs t      (default 1000)
          --compressibility β   1/bar, sets the C-rescale coupling (default 2e-5)
          --nvt                 no barostat (the density stays that of the start cell)
          --log-every N         steps between thermo-log rows (default 10)
          --trajectory-every N  write production frames to DIR/traj-MODEL-TK.extxyz every N steps
          --resume              continue each temperature from its checkpoint in DIR
        {SimulationOptions.TeacherHelp}
        example: lrmlip md teacher --temperatures 800,1000,1200 --out results/flinak
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var temperatures = SimulationOptions.Doubles(args, "temperatures", [800, 900, 1000, 1100, 1200]);
        var outDir = args.Get("out") ?? throw new UsageException($"--out DIR is required\nusage: {Usage}");
        string? modelName = args.Get("model-name");
        int atoms = args.GetInt("atoms", 100, min: 8);
        double density = SimulationOptions.Double(args, "density", 1.70, min: 1e-3);
        string? from = args.Get("from");
        var masses = args.Get("masses") is null ? null : SimulationOptions.Doubles(args, "masses", []);
        var species = CommonOptions.Species(args) ?? ["Li", "Na", "K", "F"];
        double meltK = SimulationOptions.Double(args, "melt-k", 1500, min: 1);
        double meltPs = SimulationOptions.Double(args, "melt-ps", 2, min: 0);
        double equilibratePs = SimulationOptions.Double(args, "equilibrate-ps", 10, min: 0);
        double productionPs = SimulationOptions.Double(args, "production-ps", 40, min: 0);
        double timestep = SimulationOptions.Double(args, "timestep-fs", 1, min: 1e-3);
        ulong seed = SimulationOptions.Seed(args);
        var thermostat = SimulationOptions.Thermostat(args);
        double tauT = SimulationOptions.Double(args, "tau-t-fs", 100, min: 1e-3);
        double pressure = SimulationOptions.Double(args, "pressure-bar", 0);
        double tauP = SimulationOptions.Double(args, "tau-p-fs", 1000, min: 1e-3);
        double compressibility = SimulationOptions.Double(args, "compressibility", 2e-5, min: 1e-12);
        bool nvt = args.Flag("nvt");
        int logEvery = args.GetInt("log-every", 10, min: 1);
        int trajectoryEvery = args.GetInt("trajectory-every", 0, min: 0);
        bool resume = args.Flag("resume");
        var teacherProvider = SimulationOptions.Teacher(args);
        args.Validate(1, 1, Usage);

        string model = args.Positional[0];
        IForceProvider provider = model == "teacher" ? teacherProvider : MtpForceProvider.Load(model);
        modelName ??= model == "teacher" ? DensityTable.TeacherModel : Path.GetFileNameWithoutExtension(model);
        if (modelName.Contains(',')) throw new UsageException($"--model-name must not contain a comma, got '{modelName}'");
        stderr.WriteLine($"md: model {modelName} ({provider.Name}), cutoff {provider.Cutoff:g4} Å");

        var rows = new List<DensityRow>();
        var unstable = new List<(string, double)>();
        for (int index = 0; index < temperatures.Count; index++)
        {
            double t = temperatures[index];
            var random = new SimulationRandom(seed * 1_000_003UL + (ulong)index);
            var start = StartState(from, atoms, density, masses, random);
            var settings = new MdSettings
            {
                TimestepFs = timestep, TemperatureK = t, Thermostat = thermostat, ThermostatTauFs = tauT,
                Barostat = !nvt, PressureBar = pressure, BarostatTauFs = tauP, CompressibilityPerBar = compressibility, Seed = seed,
            };
            string stem = Path.Combine(outDir, $"{modelName}-{t.ToString("F0", CultureInfo.InvariantCulture)}K");
            var plan = new NptRunPlan
            {
                EquilibrationSteps = Steps(equilibratePs, timestep),
                ProductionSteps = Steps(productionPs, timestep),
                LogEvery = logEvery,
                LogPath = stem + ".log",
                CheckpointPath = stem + ".chk",
                TrajectoryPath = trajectoryEvery > 0 ? stem + ".extxyz" : null,
                TrajectoryEvery = Math.Max(1, trajectoryEvery),
                Symbol = type => type >= 0 && type < species.Length ? species[type] : type.ToString(CultureInfo.InvariantCulture),
            };
            bool resuming = resume && File.Exists(plan.CheckpointPath);
            if (!resuming) Melting.Melt(provider, start, meltK, meltPs, t, timestep);
            double mean, error;
            MolecularDynamics md;
            try
            {
                (mean, error, md) = NptDensityRun.Run(provider, start, settings, plan, resume, line => stderr.WriteLine($"md {modelName} {t:F0} K: {line}"));
            }
            catch (SimulationInstabilityException e)
            {
                // No density for this temperature: the model left the liquid (reported, and any old row is dropped).
                stdout.WriteLine($"{modelName} {t.ToString("F0", CultureInfo.InvariantCulture)} K: unstable, no density ({e.Message})");
                unstable.Add((modelName, t));
                continue;
            }
            rows.Add(new DensityRow(modelName, t, mean, error));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{modelName} {t:F0} K: density {mean:F4} ± {error:F4} g/cm³ ({md.NeighbourRebuilds} neighbour rebuilds)"));
        }
        string csv = Path.Combine(outDir, "density.csv");
        var table = DensityTable.Merge(DensityTable.Read(csv), rows, unstable);
        DensityTable.Write(csv, table);
        DensityPlot.Write(Path.Combine(outDir, "density.png"), table);
        stdout.WriteLine($"md: {rows.Count} rows written to {csv} and density.png{(unstable.Count > 0 ? $"; {unstable.Count} temperatures unstable" : "")}");
        return unstable.Count > 0 ? 3 : 0;
    }

    private static long Steps(double ps, double timestepFs) => (long)Math.Round(ps * 1000 / timestepFs);

    private static MdState StartState(string? from, int atoms, double density, IReadOnlyList<double>? masses, SimulationRandom random)
    {
        Configuration cfg;
        if (from is null) cfg = FlinakComposition.Lattice(atoms, density, random);
        else
        {
            cfg = ConfigurationFiles.Read(from).FirstOrDefault() ?? throw new InvalidDataException($"{from}: holds no configuration");
            if (cfg.Cell.PeriodicDimensionCount != 3) throw new InvalidDataException($"{from}: the first configuration must be periodic in 3 directions for NPT");
        }
        var perAtom = new double[cfg.AtomCount];
        for (int i = 0; i < cfg.AtomCount; i++)
        {
            int type = cfg.Types[i];
            if (masses is not null)
                perAtom[i] = type >= 0 && type < masses.Count ? masses[type] : throw new UsageException($"--masses has {masses.Count} entries; atom {i + 1} has type {type}");
            else
                perAtom[i] = type is >= 0 and < IonData.Count ? IonData.Mass[type] : throw new UsageException($"atom {i + 1} has type {type}: give --masses for types other than 0 Li, 1 Na, 2 K, 3 F");
        }
        return new MdState(cfg, new double[3 * cfg.AtomCount], perAtom, random, new MdSettings().ChainLength);
    }
}
