namespace LowRankMlip.Experiments.Definition;

/// <summary>
/// An experiment definition as bound from <c>scripts/experiments/NAME.json</c> plus environment and
/// command-line overrides (issue 5 §3; schema in the README, section Experiments). Lists are comma-separated
/// strings so that one override replaces a whole list (<c>--Profiles:quick:Methods=full,rmf</c>).
/// </summary>
public sealed class ExperimentOptions
{
    /// <summary>Short name: the default output folder results/NAME and the manifest's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Title of the tables and the plot.</summary>
    public string Title { get; set; } = "";

    /// <summary>Profile to run (quick or full; --profile).</summary>
    public string Profile { get; set; } = "quick";

    /// <summary>Output folder (--out); default results/NAME for full, results/NAME/PROFILE otherwise.</summary>
    public string? Out { get; set; }

    /// <summary>Worker threads of every cell (--threads); default all cores. Results are bit-reproducible for a thread count.</summary>
    public int? Threads { get; set; }

    public DataOptions Data { get; set; } = new();

    /// <summary>The starting points ("levels" of the grid): a template to train or a published potential to compress.</summary>
    public List<StartOptions> Starts { get; set; } = [];

    /// <summary>Loss weights of every cell (MLIP-3's, mtp-spec §11.1).</summary>
    public WeightsOptions Weights { get; set; } = new();

    /// <summary>Grid and limits shared by all profiles; a profile overrides any of them.</summary>
    public ProfileOptions Defaults { get; set; } = new();

    public Dictionary<string, ProfileOptions> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where the data are and which files train and test (paths relative to the data root, first folder = dataset name).</summary>
public sealed class DataOptions
{
    /// <summary>Data root (Data:Root, --data, LRMLIP_DATA); default reference-data/external/ of the repository.</summary>
    public string? Root { get; set; }

    /// <summary>The dataset manifest; default reference-data/datasets.json of the repository.</summary>
    public string? Catalog { get; set; }

    /// <summary>Check every data file's sha256 against the catalog (default true).</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Element of each potential species, in order (e.g. "Nb,Mo,Ta,W").</summary>
    public string Species { get; set; } = "";

    /// <summary>Training files, comma-separated; '*' and '?' match within a file name.</summary>
    public string Train { get; set; } = "";

    /// <summary>Test files, comma-separated; empty when <see cref="HoldOutEvery"/> splits the training files.</summary>
    public string Test { get; set; } = "";

    /// <summary>k &gt; 0: configuration i of the training files (0-based, in file order) with i mod k = k − 1 is a test configuration instead.</summary>
    public int HoldOutEvery { get; set; }
}

/// <summary>One starting point: exactly one of <see cref="Template"/> and <see cref="Potential"/>.</summary>
public sealed class StartOptions
{
    /// <summary>Label in the table's level column; default "LEVEL template" or "LEVEL published".</summary>
    public string? Label { get; set; }

    /// <summary>An untrained template (e.g. untrained_mtps/16.almtp): full trains it, compressed cells train from it, svd truncates the full cell.</summary>
    public string? Template { get; set; }

    /// <summary>A published potential: full evaluates it as is, compressed cells start from it.</summary>
    public string? Potential { get; set; }

    /// <summary>
    /// A template of this level built by the suite (<c>lrmlip template --level L</c>, levels 2–10; the same basis
    /// functions as MLIP's file), so the start needs no external data.
    /// </summary>
    public int? GeneratedLevel { get; set; }
}

/// <summary>Mutable mirror of <see cref="Training.LossWeights"/> for binding.</summary>
public sealed class WeightsOptions
{
    public double EnergyWeight { get; set; } = 1.0;
    public double ForceWeight { get; set; } = 0.01;
    public double StressWeight { get; set; } = 0.001;
    public double WeightScaling { get; set; } = 1.0;
    public double WeightScalingForces { get; set; }
    public double ScaleByForce { get; set; }

    public Training.LossWeights ToLossWeights() => new()
    {
        EnergyWeight = EnergyWeight, ForceWeight = ForceWeight, StressWeight = StressWeight,
        WeightScaling = WeightScaling, WeightScalingForces = WeightScalingForces, ScaleByForce = ScaleByForce,
    };
}
