namespace LowRankMlip.Experiments.Running;

/// <summary>Errors of a potential on one data set (eV, eV/Å; stress = virial per component, eV; null when unlabelled).</summary>
public sealed record ErrorSummary(
    int Configurations,
    long Atoms,
    double EnergyRmsePerAtom,
    double EnergyMaePerAtom,
    double ForceRmseComponent,
    double ForceMaeComponent,
    double? StressRmseComponent,
    int StressLabels)
{
    public static ErrorSummary From(ErrorStatistics s) => new(s.Configurations, s.Atoms, s.EnergyRmsePerAtom, s.EnergyMaePerAtom,
        s.ForceRmseComponent, s.ForceMaeComponent, s.StressCount > 0 ? s.StressRmseComponent : null, s.StressCount);
}

/// <summary>The loss reached at one rank of mfra's augmentation (compression README).</summary>
public sealed record RankStep(int Rank, int Iterations, double Loss, double TrainEnergyRmsePerAtom, double TrainForceRmse);

/// <summary>
/// A finished cell as saved in OUT/cells/KEY.json (issue 5 §4): what ran, its parameter counts, errors,
/// timings and the potential file. <see cref="Fingerprint"/> identifies the settings it ran with; a rerun skips
/// the cell only when the fingerprint still matches.
/// </summary>
public sealed record CellResult
{
    public int FormatVersion { get; init; } = 1;
    public required string Key { get; init; }
    public required string Fingerprint { get; init; }
    public required string Level { get; init; }
    public required string StartKind { get; init; }
    public required string StartPath { get; init; }
    public required int MtpLevel { get; init; }
    public required string Method { get; init; }
    public required string View { get; init; }
    /// <summary>The ranks asked for (mfra: the target rank).</summary>
    public required int[] Ranks { get; init; }
    /// <summary>The ranks of the result (mfra may stop below its target; equal to <see cref="Ranks"/> otherwise).</summary>
    public required int[] FinalRanks { get; init; }
    public required int Seed { get; init; }
    public required int RadialParams { get; init; }
    public required int TotalParams { get; init; }
    public required int FullRadialParams { get; init; }
    public required int FullTotalParams { get; init; }
    public required int StoredRadialParams { get; init; }
    public required double CompressionRadialPct { get; init; }
    public required double CompressionTotalPct { get; init; }
    public required ErrorSummary Train { get; init; }
    public required ErrorSummary Test { get; init; }
    public required double TrainSeconds { get; init; }
    public required double EvalUsPerAtom { get; init; }
    public required int Iterations { get; init; }
    public required int Evaluations { get; init; }
    public required string ExitReason { get; init; }
    public required double Loss { get; init; }
    public IReadOnlyList<RankStep> RankLog { get; init; } = [];
    /// <summary>Potential file: relative to the output folder (potentials/…), or data-relative for a published start evaluated as is.</summary>
    public required string Potential { get; init; }
    public required int Threads { get; init; }
    public required string FinishedUtc { get; init; }
}
