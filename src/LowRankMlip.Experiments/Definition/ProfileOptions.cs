namespace LowRankMlip.Experiments.Definition;

/// <summary>
/// The grid and the limits of a profile (issue 5 §3: quick for CI and the README, full for the real table).
/// Null = inherit from <see cref="ExperimentOptions.Defaults"/>. Grid = starts × methods × views × ranks × seeds.
/// </summary>
public sealed class ProfileOptions
{
    /// <summary>Start labels to run (comma-separated); default all starts.</summary>
    public string? Levels { get; set; }

    /// <summary>Methods: full, svd, mf, rmf, tucker, tt, mfra.</summary>
    public string? Methods { get; set; }

    /// <summary>Views: pairs, pairmu, mu, center (matrix methods), tensor3, tensor4 (tucker, tt; svd takes both kinds).</summary>
    public string? Views { get; set; }

    /// <summary>
    /// Ranks per view: comma-separated alternatives, each one rank (matrix views) or ranks joined by 'x'
    /// (tensor views: d numbers = Tucker / HOSVD, d − 1 = TT / TT-SVD), e.g. { "pairs": "3,6", "tensor3": "4x2x4,4x4" }.
    /// A profile's entry replaces the default entry of the same view.
    /// </summary>
    public Dictionary<string, string>? Ranks { get; set; }

    /// <summary>Seeds of the random template initialization (template starts; a published start is deterministic and runs the first seed only).</summary>
    public string? Seeds { get; set; }

    /// <summary>Use every k-th training configuration (subsample; 1 = all).</summary>
    public int? TrainEvery { get; set; }

    /// <summary>Use every k-th test configuration (1 = all).</summary>
    public int? TestEvery { get; set; }

    /// <summary>Optimizer iterations per cell (full training and compression alike).</summary>
    public int? IterationLimit { get; set; }

    /// <summary>Wall-clock limit per cell, seconds (0 = none).</summary>
    public double? MaxTimeSeconds { get; set; }

    /// <summary>Relative loss decrease over 50 iterations below which a cell stops (0 = run to the limits).</summary>
    public double? Tolerance { get; set; }

    /// <summary>svd: refit the species and moment coefficients after truncating.</summary>
    public bool? SvdRefitLinear { get; set; }

    /// <summary>mfra: the starting rank.</summary>
    public int? MfraStartRank { get; set; }
}
