namespace LowRankMlip.LowRank;

/// <summary>A point of a low-rank manifold: its factors and its dense flat tensor (computed once, cached).</summary>
public abstract class LowRankPoint
{
    /// <summary>The flat tensor C (layout of <see cref="RadialShape"/>); do not modify.</summary>
    public abstract double[] Dense { get; }

    public abstract int[] Ranks { get; }

    /// <summary>The stored factors; <see cref="ILowRankManifold.FromFactors"/> inverts this exactly.</summary>
    public abstract IReadOnlyList<Factor> Factors { get; }
}
