using LowRankMlip.LowRank;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Compression;

/// <summary>
/// The reduced loss as a function of the MF factors [U | V] (lowrank-algorithms §1): C = view⁻¹(U Vᵀ), and the
/// gradient by the chain rule ∂L/∂U = G V, ∂L/∂V = Gᵀ U with G = ∂L/∂C.
/// </summary>
internal sealed class FactoredObjective(FactoredMatrix matrix, VariableProjection reduced) : IObjective
{
    private readonly double[] _dense = new double[matrix.Shape.Length];
    private readonly double[] _denseGradient = new double[matrix.Shape.Length];

    public FactoredMatrix Matrix => matrix;
    public int Dimension => matrix.ParameterCount;

    public double Evaluate(ReadOnlySpan<double> factors, Span<double> gradient)
    {
        matrix.Compose(factors, _dense);
        if (gradient.IsEmpty) return reduced.Evaluate(_dense, Span<double>.Empty);
        double value = reduced.Evaluate(_dense, _denseGradient);
        matrix.PullBack(factors, _denseGradient, gradient);
        return value;
    }
}
