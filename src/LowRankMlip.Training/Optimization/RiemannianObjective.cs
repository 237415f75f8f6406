using LowRankMlip.LowRank;

namespace LowRankMlip.Training.Optimization;

/// <summary>f(x) at a manifold point; writes the EUCLIDEAN gradient ∂f/∂C (flat, ambient) into <paramref name="euclideanGradient"/>.</summary>
public delegate double ManifoldObjective(LowRankPoint x, Span<double> euclideanGradient);

/// <summary>Per-iteration report: iteration number, f, x, ‖grad f‖∞ (Riemannian); return false to stop (Cancelled).</summary>
public delegate bool ManifoldIterationCallback(int iteration, double value, LowRankPoint x, double gradientNorm);

/// <summary>Outcome of a Riemannian minimization.</summary>
public sealed record ManifoldResult(LowRankPoint X, double Value, int Iterations, int Evaluations, ExitReason Reason);
