namespace LowRankMlip.Mtp;

/// <summary>
/// What <see cref="BatchEvaluator"/> needs of a model (MTP, ACE): its neighbour-list cutoff and
/// per-thread workers that evaluate one configuration into an <see cref="EfsResult"/>.
/// </summary>
public interface IConfigurationEvaluator
{
    /// <summary>Neighbour-list cutoff (Å).</summary>
    double Cutoff { get; }

    /// <summary>A worker owning its own workspace: call it from one thread only.</summary>
    Action<Configuration, NeighborList, EfsResult> CreateWorker();
}
