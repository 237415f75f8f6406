using LowRankMlip.Io;
using LowRankMlip.Simulation.Analysis;

namespace LowRankMlip.Simulation.Dynamics;

/// <summary>Files and lengths of one NPT density run (<see cref="NptDensityRun"/>).</summary>
public sealed record NptRunPlan
{
    public required long EquilibrationSteps { get; init; }
    public required long ProductionSteps { get; init; }
    public int LogEvery { get; init; } = 10;
    public int CheckpointEvery { get; init; } = 2000;
    public required string LogPath { get; init; }
    public required string CheckpointPath { get; init; }
    /// <summary>Production frames as extxyz/cfg every <see cref="TrajectoryEvery"/> steps; null = none. A resumed run writes to …-from-stepN.</summary>
    public string? TrajectoryPath { get; init; }
    public int TrajectoryEvery { get; init; } = 100;
    /// <summary>Element symbol of each type, for extxyz frames.</summary>
    public Func<int, string>? Symbol { get; init; }
    public int Blocks { get; init; } = 10;
}

/// <summary>
/// One temperature of the density-versus-temperature check (issue 8 §4): NPT MD (thermostat + C-rescale) for
/// equilibration + production, a thermo log and an atomic checkpoint every so many steps, and the mean density
/// with its block-average standard error over the production part of the log. A run resumed from its checkpoint
/// keeps the log rows up to the checkpoint and continues bit for bit, so its result equals an uninterrupted run.
/// </summary>
public static class NptDensityRun
{
    /// <summary>Largest relative deviation of the production mean temperature from the target that still counts as thermostatted.</summary>
    public const double MaximumTemperatureDeviation = 0.25;

    public static (double Density, double StandardError, MolecularDynamics Md) Run(IForceProvider provider, MdState start, MdSettings settings,
        NptRunPlan plan, bool resume, Action<string>? progress = null)
    {
        if (plan.ProductionSteps < plan.Blocks * plan.LogEvery)
            throw new ArgumentException($"production of {plan.ProductionSteps} steps gives fewer than {plan.Blocks} logged samples (one every {plan.LogEvery} steps)");
        MdState state = start;
        var log = new ThermoLog();
        if (resume && File.Exists(plan.CheckpointPath))
        {
            state = MdCheckpoint.Read(plan.CheckpointPath);
            if (File.Exists(plan.LogPath)) log = ThermoLog.Read(plan.LogPath, state.Step);
            progress?.Invoke($"resumed from {plan.CheckpointPath} at step {state.Step}");
        }
        var md = new MolecularDynamics(provider, state, settings);
        long total = plan.EquilibrationSteps + plan.ProductionSteps;
        // A resumed run writes its frames to a second file (…-from-stepN.ext) so the first segment's file is kept.
        string? trajectoryPath = plan.TrajectoryPath is null || state.Step >= total ? null
            : state.Step == 0 ? plan.TrajectoryPath
            : Path.ChangeExtension(plan.TrajectoryPath, null) + $"-from-step{state.Step}" + Path.GetExtension(plan.TrajectoryPath);
        IConfigurationSink? trajectory = trajectoryPath is null ? null : ConfigurationFiles.OpenWriter(trajectoryPath, null, CfgPrecision.Lossless);
        try
        {
            while (state.Step < total)
            {
                md.Step();
                long step = state.Step;
                if (step % plan.LogEvery == 0) log.Samples.Add(md.Sample());
                if (trajectory is not null && step > plan.EquilibrationSteps && step % plan.TrajectoryEvery == 0) trajectory.Write(Frame(md, plan.Symbol));
                if (step % plan.CheckpointEvery == 0 || step == total)
                {
                    MdCheckpoint.Write(plan.CheckpointPath, state);
                    log.Write(plan.LogPath);
                    progress?.Invoke($"step {step}/{total}: {md.Sample().Format()}");
                }
            }
            trajectory?.Commit();
        }
        finally { trajectory?.Dispose(); }
        var production = log.Samples.Where(s => s.Step > plan.EquilibrationSteps).ToList();
        // A thermostat that cannot hold the temperature (e.g. an MLIP falling into an unphysical well faster than
        // the chain removes the heat, which then freezes the atoms) gives no density worth reporting.
        double meanTemperature = production.Count > 0 ? production.Average(s => s.TemperatureK) : double.NaN;
        if (!(Math.Abs(meanTemperature - settings.TemperatureK) <= MaximumTemperatureDeviation * settings.TemperatureK))
            throw new SimulationInstabilityException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the production mean temperature is {meanTemperature:F1} K for a target of {settings.TemperatureK:F0} K; the thermostat lost control (model unstable)"));
        var densities = production.Select(s => s.DensityGCm3).ToList();
        var (mean, error) = BlockAverage.Compute(densities, plan.Blocks);
        return (mean, error, md);
    }

    private static Configuration Frame(MolecularDynamics md, Func<int, string>? symbol)
    {
        var source = md.State.Configuration;
        var frame = new Configuration(Cell.Periodic(source.Cell.Vectors), (int[])source.Types.Clone(), LatticeMath.WrappedPositions(source))
        {
            Energy = md.Forces.Energy,
            Forces = md.Forces.ForcesCopy(),
            Virial = md.Forces.VirialMlipOrder(),
            Symbols = symbol is null ? null : source.Types.Select(symbol).ToArray(),
        };
        frame.SetFeature("step", md.State.Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return frame;
    }
}
