namespace LowRankMlip.Mtp;

/// <summary>The MTP evaluator as an <see cref="IConfigurationEvaluator"/> for batch evaluation.</summary>
public sealed partial class MtpEvaluator : IConfigurationEvaluator
{
    public Action<Configuration, NeighborList, EfsResult> CreateWorker()
    {
        var workspace = CreateWorkspace();
        return (cfg, neighbours, result) => Evaluate(cfg, neighbours, workspace, result);
    }
}
