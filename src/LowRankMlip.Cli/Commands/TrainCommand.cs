using System.Diagnostics;
using LowRankMlip.Compression.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;
using LowRankMlip.Training;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip train: fit an MTP (template or trained) to labelled data.</summary>
public sealed class TrainCommand : ICommand
{
    public string Name => "train";
    public string Summary => "fit an MTP from a template (or continue a trained one) to energies, forces and stresses";
    public IReadOnlySet<string> Flags => new HashSet<string>([.. TrainingArguments.FlagNames, "scale-hessian", "no-precondition", "joint"]);

    private const string Usage = "lrmlip train POT TRAIN --save-to OUT " + TrainingArguments.UsageOptions + " [--scale-hessian] [--no-precondition] [--joint] [--restart-at LIST]";

    public string Help => $"""
        usage: {Usage}

        Trains the MTP POT (an untrained template such as untrained_mtps/16.almtp, or a trained .mtp to
        continue from) on TRAIN (.cfg, extended XYZ or maml JSON) and writes the result to OUT as an MLIP
        .mtp that MLIP-3 and LAMMPS load. The loss is MLIP-3's (energy, force and stress terms with the
        weights below, radial penalty); the gradient is exact. By default the optimizer is variable
        projection: dense BFGS (strong-Wolfe line search) on the radial coefficients, with the species and
        moment coefficients solved exactly at every evaluation; --joint runs MLIP's joint quasi-Newton on all
        parameters with linear re-solves at MLIP's schedule. MLIP's scaling search runs at the start, at the
        schedule points (25, 70, 100, 150, 250, 400) and at the end. A template first gets its species from TRAIN and
        min_dist = 0.99 × the smallest training distance.

        Progress: one line per iteration on stderr (iteration, loss, train and validation RMSE of energy
        per atom and force component, elapsed, iterations/s). Ctrl-C, SIGTERM, --max-time or the iteration limit
        end training and still save OUT; --checkpoint FILE saves FILE (+ FILE.state.json) every 25
        iterations and --resume continues from it. The loss curve goes to --log (CSV; default OUT.log.csv).
        At the end, MLIP-3 error reports of OUT on TRAIN and VALID are printed. A compressed POT (.lrmtp)
        continues training with its own method, view and ranks and OUT is a compressed file (see compress).

        {TrainingArguments.Help}
          --joint                    MLIP's joint quasi-Newton on all parameters instead of the default variable projection
                                     (BFGS on the radial coefficients, [ξ | θ] solved exactly at every evaluation)
          --no-precondition          dense BFGS: start from I (or γI with --scale-hessian) instead of the block-diagonal estimate
          --restart-at LIST          iterations of the scheduled linear re-solve + scaling search + quasi-Newton restart,
                                     comma-separated, or none (default MLIP's 25,70,100,150,250,400)
          --scale-hessian            dense BFGS: start from γI, γ = sᵀy/yᵀy, instead of I (fewer evaluations on large bases)
                                     (--memory default for train: dense BFGS up to 4000 parameters, else L-BFGS(20))
        {CommonOptions.ThreadsHelp}
        {CommonOptions.SpeciesHelp}

        example: lrmlip train untrained_mtps/10.almtp train.cfg --save-to pot.mtp --valid test.cfg --iteration-limit 300
        """;

    /// <summary>"25,70,100" or "none".</summary>
    private static int[] ParseSchedule(string list)
    {
        if (list.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var schedule = new int[items.Length];
        for (int k = 0; k < items.Length; k++)
            if (!int.TryParse(items[k], out schedule[k]) || schedule[k] < 1)
                throw new UsageException($"--restart-at: expected positive iteration numbers separated by commas, or none; got '{items[k]}'");
        return schedule;
    }

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var common = TrainingArguments.Parse(args, Usage);
        var options = common.Options with
        {
            ScaleInitialHessian = args.Flag("scale-hessian"), Precondition = !args.Flag("no-precondition"), VariableProjection = !args.Flag("joint"),
            LinearSolveAt = args.Get("restart-at") is { } list ? ParseSchedule(list) : common.Options.LinearSolveAt,
        };
        args.Validate(2, 2, Usage);

        var loaded = PotentialFile.Read(args.Positional[0]);
        // A compressed potential continues with its own method, view and ranks.
        if (loaded.Compressed is { } compressed)
            return CompressCommand.Execute(compressed.Potential, compressed, args.Positional[1], common with { Options = options },
                CompressCommand.Continuing(compressed), "train", stdout, stderr);

        var potential = loaded.Potential;
        var training = TrainingConsole.Load(args.Positional[1], potential, common.Species);
        var validation = common.Valid is null ? null : TrainingConsole.Load(common.Valid, potential, common.Species);
        stderr.WriteLine($"train: {training.Count} training configurations ({training.Sum(c => c.AtomCount)} atoms)" +
            (validation is null ? "" : $", {validation.Count} validation configurations") + $", level {potential.Level}, {options.Threads} threads");

        using var console = new TrainingConsole("train", stderr);
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer(options)
        {
            OnIteration = console.Progress(common.LogPath),
            OnMessage = m => stderr.WriteLine($"train: {m}"),
        };
        var result = trainer.Run(potential, training, validation, console.Token);
        MtpFile.Write(common.SaveTo, result.Potential);
        TrainingConsole.WriteLog(common.LogPath, result.History);
        stderr.WriteLine($"train: {result.Reason} after {result.Iterations} iterations, {result.Evaluations} loss evaluations, {clock.Elapsed.TotalSeconds:F1} s; loss {result.Loss:E4}; saved {common.SaveTo}");
        stderr.WriteLine($"train: time in {result.Profile.Describe(clock.Elapsed)}");
        TrainingConsole.PrintErrors(stdout, result.Potential, training, validation, options.Threads);
        return result.Reason == Training.Optimization.ExitReason.Cancelled ? 130 : 0;
    }
}
