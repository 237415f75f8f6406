namespace LowRankMlip.Training.Optimization;

/// <summary>Search direction of the <see cref="RiemannianOptimizer"/> (lowrank-algorithms §2).</summary>
public enum RiemannianMethod
{
    /// <summary>Riemannian conjugate gradients, Polak–Ribière+ with restarts (Vandereycken 2013, LRGeomCG).</summary>
    ConjugateGradient,
    /// <summary>Riemannian limited-memory BFGS with transported curvature pairs (Huang, Gallivan &amp; Absil 2015).</summary>
    Lbfgs,
}
