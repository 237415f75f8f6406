namespace LowRankMlip.Training;

/// <summary>
/// Weights of MLIP-3's training loss (mtp-spec §11.1):
/// <code>
/// L = (1/K) Σ_k [ wE_k (E_k − E⁰_k)² + Σ_i wF_ki |F_i − F⁰_i|² + wS_k Σ_ab (W_ab − W⁰_ab)² ] + P_radial + P_linear
/// wE_k = energy_weight / N_k^weight_scaling,  wF_k = force_weight / N_k^weight_scaling_forces,  wS_k = stress_weight / N_k
/// </code>
/// optionally wF_ki ·= ε/(|F⁰_i|² + ε) (scale_by_force = ε), and per-configuration factors from the file
/// (EnergyWeight / ForceWeight / StressWeight blocks).
/// </summary>
public sealed record LossWeights
{
    public double EnergyWeight { get; init; } = 1.0;
    public double ForceWeight { get; init; } = 0.01;
    public double StressWeight { get; init; } = 0.001;
    public double WeightScaling { get; init; } = 1.0;
    public double WeightScalingForces { get; init; } = 0.0;
    /// <summary>ε of scale_by_force; 0 disables it.</summary>
    public double ScaleByForce { get; init; }
    /// <summary>Weight of the radial orthonormality penalty P_radial (MLIP's penalty_weight, default 1e-6).</summary>
    public double PenaltyWeight { get; init; } = 1e-6;

    public double EnergyWeightFor(Configuration c) =>
        EnergyWeight * (c.EnergyWeight ?? 1.0) / Math.Pow(c.AtomCount, WeightScaling);

    public double ForceWeightFor(Configuration c) =>
        ForceWeight * (c.ForceWeight ?? 1.0) / Math.Pow(c.AtomCount, WeightScalingForces);

    /// <summary>Stress weight: the exponent is fixed at 1 in MLIP-3's code (mtp-spec §11.1).</summary>
    public double StressWeightFor(Configuration c) =>
        StressWeight * (c.StressWeight ?? 1.0) / c.AtomCount;
}
