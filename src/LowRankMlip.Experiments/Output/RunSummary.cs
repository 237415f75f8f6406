using LowRankMlip.Experiments.Data;
using LowRankMlip.Experiments.Planning;
using LowRankMlip.Experiments.Running;

namespace LowRankMlip.Experiments.Output;

/// <summary>Everything the output files describe: the plan, the data actually used, the finished cells and provenance.</summary>
public sealed record RunSummary(
    ExperimentPlan Plan,
    IReadOnlyList<DataFileRecord> DataFiles,
    (int Configurations, long Atoms) Train,
    (int Configurations, long Atoms) Test,
    IReadOnlyList<CellResult> Cells,
    IReadOnlyList<TableRow> Rows,
    int Computed,
    int Reused,
    bool Complete,
    double WallSeconds,
    Provenance Provenance,
    IReadOnlyDictionary<string, string?> Configuration);
