namespace LowRankMlip.Mtp;

/// <summary>Radial bases the evaluator supports (mtp-spec §3.1).</summary>
public enum RadialBasisKind
{
    /// <summary>Q_k(r) = T_k(τ(r))·(Rc − r)², the basis of every template.</summary>
    RBChebyshev,

    /// <summary>As RBChebyshev with r clamped to min_dist from below (zero radial derivative there) plus a short-range repulsion.</summary>
    RBChebyshevRepulsive,
}

public static class RadialBasisKindNames
{
    public static string ToFileName(this RadialBasisKind kind) => kind switch
    {
        RadialBasisKind.RBChebyshev => "RBChebyshev",
        RadialBasisKind.RBChebyshevRepulsive => "RBChebyshev_repuls",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static RadialBasisKind? TryParse(string name) => name switch
    {
        "RBChebyshev" => RadialBasisKind.RBChebyshev,
        "RBChebyshev_repuls" => RadialBasisKind.RBChebyshevRepulsive,
        _ => null,
    };
}
