namespace LowRankMlip.Experiments.Output;

/// <summary>
/// One row of the result table: the cells that differ only in the seed (issue 5 §4). Energies in meV/atom,
/// forces in eV/Å per component, stress = virial per component in eV (null where the test set has no stress
/// labels), train time in seconds, evaluation in µs/atom (one thread, E+F+W).
/// </summary>
public sealed record TableRow(
    string Method,
    string Level,
    string Rank,
    string View,
    int RadialParams,
    int TotalParams,
    double CompressionRadialPct,
    double CompressionTotalPct,
    Stat TrainEnergyRmseMevPerAtom,
    Stat TestEnergyRmseMevPerAtom,
    Stat TestEnergyMaeMevPerAtom,
    Stat TrainForceRmse,
    Stat TestForceRmse,
    Stat? TestStressRmse,
    int Seeds,
    Stat TrainSeconds,
    Stat EvalUsPerAtom)
{
    /// <summary>The columns of table.csv and table.md, in order (issue 5 §4).</summary>
    public static readonly string[] Columns =
    [
        "method", "level", "rank", "view", "radial_params", "total_params", "compression_radial_pct", "compression_total_pct",
        "train_energy_rmse_mev_per_atom", "test_energy_rmse_mev_per_atom", "test_energy_mae_mev_per_atom",
        "train_force_rmse", "test_force_rmse", "test_stress_rmse", "seeds", "train_seconds", "eval_us_per_atom",
    ];
}
