using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>
/// The linear-design columns (E^α, F^α, W^α, mtp-spec §11.4) of every training configuration, kept from the
/// last accumulation of the normal equations together with the radial point and scaling they belong to.
/// Variable projection evaluates the loss at exactly that radial point with freshly solved [ξ | θ], where
/// E, F and W are the columns times the coefficients: the loss then needs no separate evaluation pass
/// (about a third of a loss-and-gradient evaluation), only the gradient pass.
/// Used only for potentials whose E, F, W are linear in [ξ | θ] (no RBChebyshev_repuls pair term), and only
/// when the columns fit in <see cref="ByteLimit"/>.
/// </summary>
internal sealed class DesignCache
{
    /// <summary>Memory the kept columns may take (8 bytes × basis × (1 + 3N + 9) per configuration, summed).</summary>
    public const long ByteLimit = 512L << 20;

    private readonly LinearDesign[] _designs;
    private double[] _radial = [];
    private double _scaling = double.NaN;
    private bool _built;

    private DesignCache(int count)
    {
        _designs = new LinearDesign[count];
        for (int k = 0; k < count; k++) _designs[k] = new LinearDesign();
    }

    /// <summary>A cache for <paramref name="data"/>, or null where the model is not linear in [ξ | θ] or the columns would not fit.</summary>
    public static DesignCache? TryCreate(MtpPotential potential, TrainingSet data, long byteLimit = ByteLimit)
    {
        if (potential.BasisKind == RadialBasisKind.RBChebyshevRepulsive) return null;
        long basis = potential.Basis.ScalarCount;
        long doubles = 0;
        foreach (var cfg in data.Configurations) doubles += basis * (1 + 3L * cfg.AtomCount + 9);
        return 8 * doubles > byteLimit ? null : new DesignCache(data.Count);
    }

    /// <summary>The columns of configuration <paramref name="k"/> (filled by the next accumulation).</summary>
    public LinearDesign For(int k) => _designs[k];

    /// <summary>Called before an accumulation overwrites the columns.</summary>
    public void Invalidate() => _built = false;

    /// <summary>Called once every configuration's columns were computed at <paramref name="radial"/> and <paramref name="scaling"/>.</summary>
    public void MarkBuilt(ReadOnlySpan<double> radial, double scaling)
    {
        if (_radial.Length != radial.Length) _radial = new double[radial.Length];
        radial.CopyTo(_radial);
        _scaling = scaling;
        _built = true;
    }

    /// <summary>True when the kept columns belong to exactly this radial point and scaling.</summary>
    public bool Matches(ReadOnlySpan<double> radial, double scaling) =>
        _built && scaling == _scaling && radial.SequenceEqual(_radial);
}
