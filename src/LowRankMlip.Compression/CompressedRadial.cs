using LowRankMlip.LowRank;

namespace LowRankMlip.Compression;

/// <summary>
/// A low-rank radial tensor C (mtp-spec §3.3) stored as factors of one view (lowrank-algorithms §0):
/// the factorization kind, the view, the ranks and the named factors. The dense tensor is reconstructed
/// from the factors, which are the source of truth.
/// </summary>
public sealed class CompressedRadial
{
    public CompressedRadial(FactorizationKind kind, RadialShape shape, RadialView view, int[] ranks, IReadOnlyList<Factor> factors)
    {
        Kind = kind;
        Shape = shape;
        View = view;
        Ranks = ranks;
        Factors = factors;
        Dense = Reconstruct();
    }

    public FactorizationKind Kind { get; }
    public RadialShape Shape { get; }
    public RadialView View { get; }
    public int[] Ranks { get; }
    public IReadOnlyList<Factor> Factors { get; }

    /// <summary>The dense tensor (flat C, length S²KR).</summary>
    public double[] Dense { get; }

    /// <summary>Entries of the stored factors.</summary>
    public int StoredParameterCount => Factors.Sum(f => f.Data.Length);

    /// <summary>Free parameters of the radial part (conventions in <see cref="ParameterCounts"/>).</summary>
    public int FreeParameterCount => Kind switch
    {
        FactorizationKind.Factored => Ranks[0] * (Matrix.Rows + Matrix.Columns),
        FactorizationKind.FixedRank => Manifold().Dimension,
        _ => Manifold().StoredParameterCount,
    };

    public ParameterCounts Counts(int linearParameters) => new(Shape.Length, FreeParameterCount, linearParameters, StoredParameterCount);

    private (int Rows, int Columns) Matrix => RadialViews.MatrixShape(Shape, View);

    /// <summary>The manifold this point lies on (fixed-rank, Tucker or TT); MF factors use the fixed-rank manifold of their rank.</summary>
    public ILowRankManifold Manifold() => Kind switch
    {
        FactorizationKind.Factored or FactorizationKind.FixedRank => new FixedRankManifold(Shape, View, Ranks[0]),
        FactorizationKind.Tucker => new TuckerManifold(Shape, View, Ranks),
        _ => new TensorTrainManifold(Shape, View, Ranks),
    };

    /// <summary>The MF parameter vector [U | V] of a factored tensor.</summary>
    public double[] FactoredParameters()
    {
        if (Kind != FactorizationKind.Factored) throw new InvalidOperationException("not an MF (factored) tensor");
        return [.. Factors[0].Data, .. Factors[1].Data];
    }

    public static CompressedRadial FromFactored(FactoredMatrix matrix, ReadOnlySpan<double> parameters)
    {
        int m = matrix.Rows, n = matrix.Columns, r = matrix.Rank;
        var factors = new List<Factor>
        {
            new("U", [m, r], parameters[..(m * r)].ToArray()),
            new("V", [n, r], parameters.Slice(m * r, n * r).ToArray()),
        };
        return new CompressedRadial(FactorizationKind.Factored, matrix.Shape, matrix.View, [r], factors);
    }

    public static CompressedRadial FromPoint(ILowRankManifold manifold, LowRankPoint point)
    {
        var kind = manifold switch
        {
            FixedRankManifold => FactorizationKind.FixedRank,
            TuckerManifold => FactorizationKind.Tucker,
            TensorTrainManifold => FactorizationKind.TensorTrain,
            _ => throw new ArgumentException($"unsupported manifold {manifold.GetType().Name}"),
        };
        return new CompressedRadial(kind, manifold.Shape, manifold.View, (int[])point.Ranks.Clone(), point.Factors);
    }

    /// <summary>The manifold point of a fixed-rank, Tucker or TT tensor.</summary>
    public LowRankPoint Point() => Kind == FactorizationKind.Factored
        ? Manifold().Truncate(Dense)
        : Manifold().FromFactors(Factors);

    private double[] Reconstruct()
    {
        if (Kind != FactorizationKind.Factored) return Manifold().FromFactors(Factors).Dense;
        var matrix = new FactoredMatrix(Shape, View, Ranks[0]);
        if (Factors.Count != 2 || Factors[0].Name != "U" || Factors[1].Name != "V")
            throw new ArgumentException("a factored tensor has the factors U and V");
        if (Factors[0].Data.Length != matrix.Rows * matrix.Rank || Factors[1].Data.Length != matrix.Columns * matrix.Rank)
            throw new ArgumentException($"factor shapes do not match the {RadialViews.Name(View)} view ({matrix.Rows}×{matrix.Columns}) at rank {matrix.Rank}");
        var dense = new double[Shape.Length];
        matrix.Compose([.. Factors[0].Data, .. Factors[1].Data], dense);
        return dense;
    }
}
