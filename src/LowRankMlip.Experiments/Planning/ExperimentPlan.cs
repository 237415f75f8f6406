using LowRankMlip.Experiments.Definition;
using LowRankMlip.Experiments.Data;

namespace LowRankMlip.Experiments.Planning;

/// <summary>Everything a run needs, resolved and validated: profile applied, data located, starts loaded, cells listed in run order.</summary>
public sealed record ExperimentPlan(
    string Name,
    string Title,
    string Profile,
    string DefinitionPath,
    string? RepositoryRoot,
    string OutputDirectory,
    DataRoot DataRoot,
    DatasetCatalog Catalog,
    Dataset Dataset,
    DataSelection Data,
    IReadOnlyList<StartPoint> Starts,
    IReadOnlyList<CellSpec> Cells,
    ExperimentSettings Settings,
    ExperimentOptions Options)
{
    /// <summary>"stand-in: NAME for PAPER SET" label every table carries (issue 5 §2).</summary>
    public string StandInLabel => Dataset.StandInFor is { } paper ? $"stand-in: {Dataset.Name} for the {paper}" : $"dataset {Dataset.Name}";
}
