using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// The manifold of tensors of fixed TT ranks (r_1 … r_{d−1}) in the tensor3 or tensor4 view (lowrank-algorithms §4;
/// Holtz, Rohwedder &amp; Schneider 2012; Lubich, Oseledets &amp; Vandereycken 2015). Retraction is TT-SVD rounding of
/// the dense X + tξ ("small-tensor shortcut" of §4).
/// </summary>
public sealed class TensorTrainManifold : ILowRankManifold
{
    private readonly int[] _modes;
    private readonly int[] _fullRanks;

    /// <param name="ranks">The d − 1 interior TT ranks; r_0 = r_d = 1 are implicit.</param>
    public TensorTrainManifold(RadialShape shape, RadialView view, int[] ranks)
    {
        if (view is not (RadialView.Tensor3 or RadialView.Tensor4))
            throw new ArgumentException($"The TT manifold needs a tensor view (tensor3, tensor4), got '{RadialViews.Name(view)}'.", nameof(view));
        ArgumentNullException.ThrowIfNull(ranks);
        _modes = RadialViews.TensorModes(shape, view);
        int d = _modes.Length;
        if (ranks.Length != d - 1)
            throw new ArgumentException($"The '{RadialViews.Name(view)}' view has {d} modes, so {d - 1} TT ranks; got {ranks.Length}.", nameof(ranks));
        _fullRanks = [1, .. ranks, 1];
        for (int k = 1; k < d; k++)
        {
            int left = TensorAlgebra.Product(_modes.AsSpan(0, k)), right = TensorAlgebra.Product(_modes.AsSpan(k));
            if (_fullRanks[k] < 1 || _fullRanks[k] > Math.Min(left, right))
                throw new ArgumentOutOfRangeException(nameof(ranks), $"TT rank r{k} = {_fullRanks[k]} must lie in 1..min({left}, {right}).");
        }
        // Ranks attainable by a TT tensor also satisfy r_k ≤ r_{k−1} n_k and r_{k−1} ≤ n_k r_k (each is the rank of
        // a product through the core); otherwise TT-SVD produces zero singular values and no manifold point.
        for (int k = 1; k <= d; k++)
        {
            if (_fullRanks[k] > _fullRanks[k - 1] * _modes[k - 1])
                throw new ArgumentOutOfRangeException(nameof(ranks), $"TT rank r{k} = {_fullRanks[k]} exceeds r{k - 1}·n{k} = {_fullRanks[k - 1] * _modes[k - 1]}.");
            if (_fullRanks[k - 1] > _modes[k - 1] * _fullRanks[k])
                throw new ArgumentOutOfRangeException(nameof(ranks), $"TT rank r{k - 1} = {_fullRanks[k - 1]} exceeds n{k}·r{k} = {_modes[k - 1] * _fullRanks[k]}.");
        }
        Shape = shape;
        View = view;
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }

    /// <summary>The interior ranks r_1 … r_{d−1}.</summary>
    public int[] Ranks => _fullRanks[1..^1];

    /// <summary>Mode sizes n_k of the view.</summary>
    public int[] Modes => (int[])_modes.Clone();

    /// <summary>Σ_k r_{k−1} n_k r_k − Σ_{k&lt;d} r_k² (lowrank-algorithms §0).</summary>
    public int Dimension => StoredParameterCount - _fullRanks[1..^1].Sum(r => r * r);

    /// <summary>Σ_k r_{k−1} n_k r_k.</summary>
    public int StoredParameterCount => _modes.Select((n, k) => _fullRanks[k] * n * _fullRanks[k + 1]).Sum();

    /// <summary>
    /// TT-SVD (Oseledets 2011): sweep left to right, the core G_k = leading r_k left singular vectors of the
    /// (r_{k−1} n_k) × rest remainder, which becomes diag(σ) Vᵀ; the last remainder is G_d. Quasi-optimal (√(d−1)).
    /// </summary>
    public LowRankPoint Truncate(ReadOnlySpan<double> flat)
    {
        if (flat.Length != Shape.Length) throw new ArgumentException($"Expected a flat tensor of {Shape.Length} entries, got {flat.Length}.", nameof(flat));
        int d = _modes.Length;
        var cores = new double[d][];
        var remainder = DenseAlgebra.FromRowMajor(flat, _modes[0], Shape.Length / _modes[0]);
        for (int k = 0; k < d - 1; k++)
        {
            var unfolding = DenseAlgebra.Reshape(remainder, _fullRanks[k] * _modes[k], remainder.RowCount * remainder.ColumnCount / (_fullRanks[k] * _modes[k]));
            var (u, s, v) = DenseAlgebra.TruncatedSvd(unfolding, _fullRanks[k + 1]);
            cores[k] = DenseAlgebra.ToRowMajor(u);
            remainder = Matrix<double>.Build.DenseOfDiagonalArray(s).TransposeAndMultiply(v);
        }
        cores[d - 1] = DenseAlgebra.ToRowMajor(remainder);
        return new TensorTrainPoint(Shape, View, _modes, _fullRanks, cores);
    }

    public LowRankPoint FromFactors(IReadOnlyList<Factor> factors)
    {
        FactorValidation.ExpectCount(factors, _modes.Length, "TT");
        var cores = new double[_modes.Length][];
        for (int k = 0; k < _modes.Length; k++)
            cores[k] = (double[])FactorValidation.Expect(factors, k, $"G{k + 1}", _fullRanks[k], _modes[k], _fullRanks[k + 1]).Clone();
        return new TensorTrainPoint(Shape, View, _modes, _fullRanks, cores);
    }

    /// <summary>
    /// Orthogonal projection (lowrank-algorithms §4): δG_k^L = (I − U_k^L U_k^Lᵀ)(X_{≤k−1}ᵀ ⊗ I) Z^⟨k⟩ X_{≥k+1}ᵀ for k &lt; d
    /// (no gauge for k = d), and ξ = Σ_k X_{≤k−1} ⊗ δG_k ⊗ X_{≥k+1}.
    /// </summary>
    public void Project(LowRankPoint x, ReadOnlySpan<double> ambient, Span<double> tangent)
    {
        var point = Expect(x);
        if (ambient.Length != Shape.Length || tangent.Length != Shape.Length)
            throw new ArgumentException($"Expected flat tensors of {Shape.Length} entries, got {ambient.Length} and {tangent.Length}.");
        int d = _modes.Length;
        var result = new double[Shape.Length];
        for (int k = 0; k < d; k++) // zero-based core index: ranks r_k, r_{k+1}, mode n_k
        {
            var left = point.LeftInterfaces[k];    // N_{<k} × r_k
            var right = point.RightInterfaces[k + 1]; // r_{k+1} × N_{>k}
            int before = left.RowCount, after = right.ColumnCount;
            var z = DenseAlgebra.FromRowMajor(ambient, before, _modes[k] * after);
            var contracted = DenseAlgebra.Reshape(left.TransposeThisAndMultiply(z), _fullRanks[k] * _modes[k], after);
            var deltaCore = contracted.TransposeAndMultiply(right); // (r_k n_k) × r_{k+1}
            if (k < d - 1) deltaCore = DenseAlgebra.ComplementProject(point.LeftCores[k], deltaCore);
            var expanded = left * DenseAlgebra.Reshape(deltaCore * right, _fullRanks[k], _modes[k] * after);
            var term = DenseAlgebra.ToRowMajor(expanded);
            for (int i = 0; i < result.Length; i++) result[i] += term[i];
        }
        result.CopyTo(tangent);
    }

    /// <summary>TT-SVD rounding of X + tξ back to the manifold's ranks (lowrank-algorithms §4; t3f `round`).</summary>
    public LowRankPoint Retract(LowRankPoint x, ReadOnlySpan<double> tangent, double t) =>
        Truncate(DenseAlgebra.AddScaled(Expect(x).Dense, tangent, t));

    private TensorTrainPoint Expect(LowRankPoint x)
    {
        if (x is not TensorTrainPoint point || point.Shape != Shape || point.View != View || !point.FullRanks.AsSpan().SequenceEqual(_fullRanks))
            throw new ArgumentException($"Expected a TT point of ranks [{string.Join(", ", Ranks)}], shape {Shape}, view '{RadialViews.Name(View)}'.", nameof(x));
        return point;
    }
}
