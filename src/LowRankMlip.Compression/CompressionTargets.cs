using LowRankMlip.LowRank;

namespace LowRankMlip.Compression;

/// <summary>Checks a method's view and ranks against the tensor shape and builds the matching parametrization.</summary>
public static class CompressionTargets
{
    /// <summary>The manifold a method optimizes on (svd: the one it truncates to); null for mf and mfra (Euclidean factors).</summary>
    public static ILowRankManifold? Manifold(CompressionMethod method, RadialShape shape, RadialView view, int[] ranks)
    {
        Validate(method, shape, view, ranks);
        bool matrix = RadialViews.IsMatrix(view);
        return method switch
        {
            CompressionMethod.Mf or CompressionMethod.Mfra => null,
            CompressionMethod.Svd when matrix => new FixedRankManifold(shape, view, ranks[0]),
            CompressionMethod.Rmf => new FixedRankManifold(shape, view, ranks[0]),
            CompressionMethod.Tucker => new TuckerManifold(shape, view, ranks),
            CompressionMethod.Tt => new TensorTrainManifold(shape, view, ranks),
            _ => ranks.Length == RadialViews.TensorModes(shape, view).Length
                ? new TuckerManifold(shape, view, ranks)
                : new TensorTrainManifold(shape, view, ranks),
        };
    }

    public static void Validate(CompressionMethod method, RadialShape shape, RadialView view, int[] ranks)
    {
        string name = CompressionMethods.Name(method), v = RadialViews.Name(view);
        if (ranks.Length == 0 || ranks.Any(r => r < 1)) throw new ArgumentException($"{name}: ranks must be positive integers");
        bool matrix = RadialViews.IsMatrix(view);
        if (matrix)
        {
            if (method is CompressionMethod.Tucker or CompressionMethod.Tt)
                throw new ArgumentException($"{name} works on a tensor view (tensor3 or tensor4), not on the matrix view '{v}'");
            if (ranks.Length != 1) throw new ArgumentException($"{name} on the matrix view '{v}' takes one rank, got {ranks.Length}");
            var (m, n) = RadialViews.MatrixShape(shape, view);
            if (ranks[0] > Math.Min(m, n))
                throw new ArgumentException($"rank {ranks[0]} exceeds min(m, n) = {Math.Min(m, n)} of the {m}×{n} '{v}' unfolding");
            return;
        }
        if (method is CompressionMethod.Mf or CompressionMethod.Rmf or CompressionMethod.Mfra)
            throw new ArgumentException($"{name} works on a matrix view (pairs, pairmu, mu or center), not on '{v}'");
        int d = RadialViews.TensorModes(shape, view).Length;
        bool tucker = method == CompressionMethod.Tucker || (method == CompressionMethod.Svd && ranks.Length == d);
        bool tt = method == CompressionMethod.Tt || (method == CompressionMethod.Svd && ranks.Length == d - 1);
        if (tucker && ranks.Length != d) throw new ArgumentException($"Tucker on '{v}' takes {d} ranks (one per mode), got {ranks.Length}");
        if (tt && ranks.Length != d - 1) throw new ArgumentException($"TT on '{v}' takes {d - 1} ranks (the interior TT ranks), got {ranks.Length}");
        if (!tucker && !tt) throw new ArgumentException($"svd on '{v}' takes {d} ranks (HOSVD) or {d - 1} (TT-SVD), got {ranks.Length}");
    }
}
