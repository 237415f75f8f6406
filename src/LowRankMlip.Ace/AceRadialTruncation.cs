using LowRankMlip.LowRank;

namespace LowRankMlip.Ace;

/// <summary>
/// Low-rank truncation of an ACE potential's crad (ace-spec §10) with the suite's manifolds: truncated
/// SVD of a matrix view (fixed rank), HOSVD of a tensor view (one rank per mode: Tucker) or TT-SVD
/// (d − 1 ranks). No fitting: the c̃ coefficients are kept.
/// </summary>
public static class AceRadialTruncation
{
    /// <summary>The manifold of the view and ranks, as lrmlip compress --method svd chooses it.</summary>
    public static ILowRankManifold Manifold(AcePotential p, RadialView view, int[] ranks)
    {
        var shape = AceRadialTensor.Shape(p);
        if (RadialViews.IsMatrix(view))
        {
            if (ranks.Length != 1) throw new ArgumentException($"the matrix view '{RadialViews.Name(view)}' takes one rank, got {ranks.Length}");
            return new FixedRankManifold(shape, view, ranks[0]);
        }
        int modes = RadialViews.TensorModes(shape, view).Length;
        if (ranks.Length == modes) return new TuckerManifold(shape, view, ranks);
        if (ranks.Length == modes - 1) return new TensorTrainManifold(shape, view, ranks);
        throw new ArgumentException($"the tensor view '{RadialViews.Name(view)}' takes {modes} Tucker ranks or {modes - 1} TT ranks, got {ranks.Length}");
    }

    /// <summary>
    /// The potential with crad replaced by the truncation onto <paramref name="manifold"/> of its live part
    /// (dead entries, which the energy does not see, are zeroed first so they cost no rank).
    /// </summary>
    public static AcePotential Truncate(AcePotential p, ILowRankManifold manifold) =>
        AceRadialTensor.WithTensor(p, manifold.Truncate(AceRadialTensor.FlattenLive(p)).Dense);
}
