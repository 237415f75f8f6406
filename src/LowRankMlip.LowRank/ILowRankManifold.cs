namespace LowRankMlip.LowRank;

/// <summary>
/// An embedded manifold of low-rank radial tensors with the Frobenius metric of the flat ambient space
/// (lowrank-algorithms §2–§4). Points and tangent vectors are exchanged as flat vectors of length Shape.Length.
/// </summary>
public interface ILowRankManifold
{
    RadialShape Shape { get; }
    RadialView View { get; }
    int[] Ranks { get; }

    /// <summary>Manifold dimension: fixed rank (m+n−r)r; Tucker Πr_i + Σ(n_i r_i − r_i²); TT Σ r_{k−1}n_k r_k − Σ_{k&lt;d} r_k².</summary>
    int Dimension { get; }

    /// <summary>Entries of the stored factors: fixed rank r(m+n)+r (U, S, V); Tucker Πr_i + Σ n_i r_i; TT Σ r_{k−1}n_k r_k.</summary>
    int StoredParameterCount { get; }

    /// <summary>SVD / HOSVD / TT-SVD truncation of a flat tensor to the manifold's ranks.</summary>
    LowRankPoint Truncate(ReadOnlySpan<double> flat);

    /// <summary>Exact inverse of <see cref="LowRankPoint.Factors"/>; ArgumentException naming the factor on a bad name or shape.</summary>
    LowRankPoint FromFactors(IReadOnlyList<Factor> factors);

    /// <summary>Orthogonal projection of an ambient flat vector onto the tangent space at x.</summary>
    void Project(LowRankPoint x, ReadOnlySpan<double> ambient, Span<double> tangent);

    /// <summary>R_x(t·ξ): metric projection (fixed rank) or quasi-optimal truncation (Tucker, TT) of x + tξ.</summary>
    LowRankPoint Retract(LowRankPoint x, ReadOnlySpan<double> tangent, double t);
}
