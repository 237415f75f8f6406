namespace LowRankMlip.Experiments.Running;

/// <summary>Neighbour lists of the test set per cutoff, built once for the speed measurement of every cell.</summary>
public sealed class TimingCache
{
    private readonly Dictionary<double, NeighborList[]> _lists = [];
    private IReadOnlyList<Configuration>? _data;

    public IReadOnlyList<NeighborList> NeighbourLists(IReadOnlyList<Configuration> data, double cutoff)
    {
        if (!ReferenceEquals(data, _data)) { _lists.Clear(); _data = data; }
        if (!_lists.TryGetValue(cutoff, out var lists))
            _lists[cutoff] = lists = data.Select(c => NeighborList.Build(c, cutoff)).ToArray();
        return lists;
    }
}
