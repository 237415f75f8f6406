using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// The manifold of tensors of fixed multilinear rank (r_1 … r_d) in the tensor3 or tensor4 view
/// (lowrank-algorithms §3; Koch &amp; Lubich 2010, Kressner, Steinlechner &amp; Vandereycken 2014). Retraction is
/// the truncated HOSVD of the dense X + tξ; everything is dense since the radial tensors are small.
/// </summary>
public sealed class TuckerManifold : ILowRankManifold
{
    private readonly int[] _modes;
    private readonly int[] _ranks;

    public TuckerManifold(RadialShape shape, RadialView view, int[] ranks)
    {
        if (view is not (RadialView.Tensor3 or RadialView.Tensor4))
            throw new ArgumentException($"The Tucker manifold needs a tensor view (tensor3, tensor4), got '{RadialViews.Name(view)}'.", nameof(view));
        ArgumentNullException.ThrowIfNull(ranks);
        _modes = RadialViews.TensorModes(shape, view);
        if (ranks.Length != _modes.Length)
            throw new ArgumentException($"The '{RadialViews.Name(view)}' view has {_modes.Length} modes; got {ranks.Length} Tucker ranks.", nameof(ranks));
        for (int i = 0; i < ranks.Length; i++)
        {
            int others = TensorAlgebra.Product(ranks) / Math.Max(1, ranks[i]);
            // A core of full multilinear rank needs r_i ≤ Π_{j≠i} r_j.
            if (ranks[i] < 1 || ranks[i] > _modes[i] || ranks[i] > others)
                throw new ArgumentOutOfRangeException(nameof(ranks), $"Tucker rank r{i + 1} = {ranks[i]} must lie in 1..min(n{i + 1} = {_modes[i]}, product of the other ranks = {others}).");
        }
        Shape = shape;
        View = view;
        _ranks = (int[])ranks.Clone();
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    public int[] Ranks => (int[])_ranks.Clone();

    /// <summary>Mode sizes n_i of the view.</summary>
    public int[] Modes => (int[])_modes.Clone();

    /// <summary>Π r_i + Σ (n_i r_i − r_i²) (lowrank-algorithms §3).</summary>
    public int Dimension => TensorAlgebra.Product(_ranks) + _modes.Select((n, i) => n * _ranks[i] - _ranks[i] * _ranks[i]).Sum();

    /// <summary>Core Π r_i plus factors Σ n_i r_i.</summary>
    public int StoredParameterCount => TensorAlgebra.Product(_ranks) + _modes.Select((n, i) => n * _ranks[i]).Sum();

    /// <summary>Truncated HOSVD: U_i = leading r_i left singular vectors of X_(i), core = X ×_i U_iᵀ.</summary>
    public LowRankPoint Truncate(ReadOnlySpan<double> flat)
    {
        CheckLength(flat.Length);
        var bases = new Matrix<double>[_modes.Length];
        for (int i = 0; i < _modes.Length; i++)
            bases[i] = DenseAlgebra.TruncatedSvd(TensorAlgebra.Unfold(flat, _modes, i), _ranks[i]).U;
        var core = TensorAlgebra.MultiModeProduct(flat, _modes, bases.Select(u => (Matrix<double>?)u.Transpose()).ToArray(), out _);
        return new TuckerPoint(Shape, View, _modes, core, bases);
    }

    public LowRankPoint FromFactors(IReadOnlyList<Factor> factors)
    {
        FactorValidation.ExpectCount(factors, _modes.Length + 1, "Tucker");
        var core = (double[])FactorValidation.Expect(factors, 0, "core", _ranks).Clone();
        var bases = new Matrix<double>[_modes.Length];
        for (int i = 0; i < _modes.Length; i++)
            bases[i] = DenseAlgebra.FromRowMajor(FactorValidation.Expect(factors, i + 1, $"U{i + 1}", _modes[i], _ranks[i]), _modes[i], _ranks[i]);
        return new TuckerPoint(Shape, View, _modes, core, bases);
    }

    /// <summary>
    /// Orthogonal projection (lowrank-algorithms §3): δC = Z ×_j Q_jᵀ, δU_i = (I − Q_iQ_iᵀ)[Z ×_{j≠i} Q_jᵀ]_(i) C_(i)^†,
    /// ξ = δC ×_j Q_j + Σ_i C ×_i δU_i ×_{j≠i} Q_j (in the orthonormal frame of the point).
    /// </summary>
    public void Project(LowRankPoint x, ReadOnlySpan<double> ambient, Span<double> tangent)
    {
        var point = Expect(x);
        CheckLength(ambient.Length);
        CheckLength(tangent.Length);
        int d = _modes.Length;
        var q = point.OrthonormalBases;
        var qT = q.Select(b => (Matrix<double>?)b.Transpose()).ToArray();

        var deltaCore = TensorAlgebra.MultiModeProduct(ambient, _modes, qT, out _);
        var result = TensorAlgebra.MultiModeProduct(deltaCore, _ranks, q, out _);
        for (int i = 0; i < d; i++)
        {
            // Z contracted with Q_jᵀ on every mode but i: modes (r_1 … n_i … r_d).
            var others = (Matrix<double>?[])qT.Clone();
            others[i] = null;
            var partial = TensorAlgebra.MultiModeProduct(ambient, _modes, others, out var partialDims);
            var coreUnfolding = TensorAlgebra.Unfold(point.FrameCore, _ranks, i);
            var deltaU = DenseAlgebra.ComplementProject(q[i], TensorAlgebra.Unfold(partial, partialDims, i) * coreUnfolding.PseudoInverse());
            var expand = (Matrix<double>?[])q.Clone();
            expand[i] = deltaU;
            var term = TensorAlgebra.MultiModeProduct(point.FrameCore, _ranks, expand, out _);
            for (int k = 0; k < result.Length; k++) result[k] += term[k];
        }
        result.CopyTo(tangent);
    }

    /// <summary>Truncated HOSVD of X + tξ: quasi-optimal, a valid retraction (Kressner, Steinlechner &amp; Vandereycken 2014).</summary>
    public LowRankPoint Retract(LowRankPoint x, ReadOnlySpan<double> tangent, double t) =>
        Truncate(DenseAlgebra.AddScaled(Expect(x).Dense, tangent, t));

    private TuckerPoint Expect(LowRankPoint x)
    {
        if (x is not TuckerPoint point || point.Shape != Shape || point.View != View || !point.Ranks.AsSpan().SequenceEqual(_ranks))
            throw new ArgumentException($"Expected a Tucker point of ranks [{string.Join(", ", _ranks)}], shape {Shape}, view '{RadialViews.Name(View)}'.", nameof(x));
        return point;
    }

    private void CheckLength(int length)
    {
        if (length != Shape.Length) throw new ArgumentException($"Expected a flat tensor of {Shape.Length} entries, got {length}.");
    }
}
