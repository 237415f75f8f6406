using LowRankMlip.Training;

namespace LowRankMlip.Experiments.Planning;

/// <summary>The resolved limits and options every cell of a run shares (a profile applied over the defaults).</summary>
public sealed record ExperimentSettings(
    int IterationLimit,
    double MaxTimeSeconds,
    double Tolerance,
    int TrainEvery,
    int TestEvery,
    bool SvdRefitLinear,
    int MfraStartRank,
    int Threads,
    LossWeights Weights)
{
    /// <summary>Trainer options of one cell (seed, checkpoint and resume set per cell).</summary>
    public TrainerOptions TrainerOptions(int seed, string checkpointPath) => new()
    {
        Weights = Weights,
        IterationLimit = IterationLimit,
        Tolerance = Tolerance,
        MaxTime = MaxTimeSeconds > 0 ? TimeSpan.FromSeconds(MaxTimeSeconds) : null,
        Seed = seed,
        Threads = Threads,
        CheckpointPath = checkpointPath,
        Resume = true,
    };
}
