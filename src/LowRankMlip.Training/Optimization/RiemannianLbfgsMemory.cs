using LowRankMlip.LowRank;

namespace LowRankMlip.Training.Optimization;

/// <summary>
/// Curvature pairs (s, y) of Riemannian L-BFGS (lowrank-algorithms §2; Huang, Gallivan &amp; Absil 2015). The pairs
/// are transported to each new tangent space by projection, and the two-loop recursion runs with the tangent
/// (Frobenius) inner product and the initial scaling γ = ⟨s, y⟩/⟨y, y⟩ of the newest pair.
/// </summary>
internal sealed class RiemannianLbfgsMemory(int capacity)
{
    private readonly List<(double[] S, double[] Y)> _pairs = [];

    public int Count => _pairs.Count;

    public void Clear() => _pairs.Clear();

    /// <summary>Stores (s, y) unless ⟨s, y⟩ ≤ 1e-10‖s‖² (no positive curvature along s); returns whether it was stored.</summary>
    public bool Push(double[] s, double[] y)
    {
        if (!HasCurvature(s, y)) return false;
        if (_pairs.Count == capacity) _pairs.RemoveAt(0);
        _pairs.Add((s, y));
        return true;
    }

    /// <summary>Projects every stored pair onto the tangent space at <paramref name="x"/>; drops pairs that lose positive curvature.</summary>
    public void Transport(ILowRankManifold manifold, LowRankPoint x)
    {
        for (int k = _pairs.Count - 1; k >= 0; k--)
        {
            var (s, y) = _pairs[k];
            var sMoved = new double[s.Length];
            var yMoved = new double[y.Length];
            manifold.Project(x, s, sMoved);
            manifold.Project(x, y, yMoved);
            if (HasCurvature(sMoved, yMoved)) _pairs[k] = (sMoved, yMoved);
            else _pairs.RemoveAt(k);
        }
    }

    /// <summary>r = H g by the two-loop recursion (Nocedal &amp; Wright Alg. 7.4).</summary>
    public void ApplyInverseHessian(ReadOnlySpan<double> g, double[] r)
    {
        g.CopyTo(r);
        var alpha = new double[_pairs.Count];
        for (int k = _pairs.Count - 1; k >= 0; k--)
        {
            var (s, y) = _pairs[k];
            alpha[k] = Dot(s, r) / Dot(s, y);
            AddScaled(r, y, -alpha[k]);
        }
        if (_pairs.Count > 0)
        {
            var (s, y) = _pairs[^1];
            double gamma = Dot(s, y) / Dot(y, y);
            for (int i = 0; i < r.Length; i++) r[i] *= gamma;
        }
        for (int k = 0; k < _pairs.Count; k++)
        {
            var (s, y) = _pairs[k];
            double beta = Dot(y, r) / Dot(s, y);
            AddScaled(r, s, alpha[k] - beta);
        }
    }

    private static bool HasCurvature(double[] s, double[] y) => Dot(s, y) > 1e-10 * Dot(s, s);

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void AddScaled(double[] target, double[] source, double factor)
    {
        for (int i = 0; i < target.Length; i++) target[i] += factor * source[i];
    }
}
