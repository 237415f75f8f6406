namespace LowRankMlip.Experiments.Planning;

/// <summary>The data files of a run (relative to the data root) and how they are split and subsampled.</summary>
public sealed record DataSelection(
    IReadOnlyList<string> Species,
    IReadOnlyList<string> TrainFiles,
    IReadOnlyList<string> TestFiles,
    int HoldOutEvery,
    int TrainEvery,
    int TestEvery)
{
    public IEnumerable<string> AllFiles => TrainFiles.Concat(TestFiles).Distinct(StringComparer.Ordinal);
}
