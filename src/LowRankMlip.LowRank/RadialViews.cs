namespace LowRankMlip.LowRank;

/// <summary>
/// Names, shapes and index maps of the <see cref="RadialView"/>s (lowrank-algorithms §0). The flat layout is
/// ((a·S + b)·K + μ)·R + β with pair p = a·S + b; matrices are exchanged row-major.
/// </summary>
public static class RadialViews
{
    private static readonly string[] Names = ["pairs", "pairmu", "mu", "center", "tensor3", "tensor4"];

    /// <summary>Every view, in declaration order.</summary>
    public static IReadOnlyList<RadialView> All { get; } = Enum.GetValues<RadialView>();

    /// <summary>The name used on the command line and in files.</summary>
    public static string Name(RadialView view) => Names[Index(view)];

    /// <summary>Inverse of <see cref="Name"/> (case-insensitive).</summary>
    public static RadialView Parse(string name)
    {
        int index = Array.FindIndex(Names, n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new ArgumentException($"Unknown radial view '{name}'; valid views: {string.Join(", ", Names)}.", nameof(name));
        return (RadialView)index;
    }

    public static bool IsMatrix(RadialView view) => Index(view) < 4;

    /// <summary>Rows and columns of a matrix unfolding (lowrank-algorithms §0, unfoldings A–D).</summary>
    public static (int Rows, int Columns) MatrixShape(RadialShape shape, RadialView view) => view switch
    {
        RadialView.Pairs => (shape.Pairs, shape.Functions * shape.BasisSize),
        RadialView.PairMu => (shape.Pairs * shape.Functions, shape.BasisSize),
        RadialView.Mu => (shape.Functions, shape.Pairs * shape.BasisSize),
        RadialView.Center => (shape.Species, shape.Species * shape.Functions * shape.BasisSize),
        _ => throw new ArgumentException($"'{Name(view)}' is not a matrix view.", nameof(view)),
    };

    /// <summary>
    /// The m × n shape of a matrix view for a rank-r object (<paramref name="what"/> names it in errors): the view
    /// must be a matrix view and 1 ≤ r ≤ min(m, n).
    /// </summary>
    public static (int Rows, int Columns) MatrixShapeForRank(RadialShape shape, RadialView view, int rank, string what)
    {
        if (!IsMatrix(view))
            throw new ArgumentException($"{what} needs a matrix view, got '{Name(view)}'.", nameof(view));
        var (rows, columns) = MatrixShape(shape, view);
        if (rank < 1 || rank > Math.Min(rows, columns))
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must lie in 1..{Math.Min(rows, columns)} for the {rows}×{columns} '{Name(view)}' view.");
        return (rows, columns);
    }

    /// <summary>Writes the row-major matrix of a matrix view of the flat tensor.</summary>
    public static void ToMatrix(ReadOnlySpan<double> flat, RadialShape shape, RadialView view, Span<double> rowMajor)
    {
        CheckLengths(flat.Length, rowMajor.Length, shape, view);
        if (view != RadialView.Mu)
        {
            flat.CopyTo(rowMajor); // unfoldings A, B, D are the flat array itself
            return;
        }
        // Unfolding C: entry (μ, p·R + β) = flat[(p·K + μ)·R + β].
        int k = shape.Functions, r = shape.BasisSize, columns = shape.Pairs * r;
        for (int p = 0; p < shape.Pairs; p++)
            for (int mu = 0; mu < k; mu++)
                flat.Slice((p * k + mu) * r, r).CopyTo(rowMajor.Slice(mu * columns + p * r, r));
    }

    /// <summary>Inverse of <see cref="ToMatrix"/>.</summary>
    public static void FromMatrix(ReadOnlySpan<double> rowMajor, RadialShape shape, RadialView view, Span<double> flat)
    {
        CheckLengths(flat.Length, rowMajor.Length, shape, view);
        if (view != RadialView.Mu)
        {
            rowMajor.CopyTo(flat);
            return;
        }
        int k = shape.Functions, r = shape.BasisSize, columns = shape.Pairs * r;
        for (int p = 0; p < shape.Pairs; p++)
            for (int mu = 0; mu < k; mu++)
                rowMajor.Slice(mu * columns + p * r, r).CopyTo(flat.Slice((p * k + mu) * r, r));
    }

    /// <summary>
    /// Mode sizes of a tensor view, whose row-major layout is the flat array: tensor3 [S², K, R],
    /// tensor4 [S, S, K, R]. For a matrix view, its [rows, columns] (in <see cref="ToMatrix"/>'s layout).
    /// </summary>
    public static int[] TensorModes(RadialShape shape, RadialView view) => view switch
    {
        RadialView.Tensor3 => [shape.Pairs, shape.Functions, shape.BasisSize],
        RadialView.Tensor4 => [shape.Species, shape.Species, shape.Functions, shape.BasisSize],
        _ => MatrixShape(shape, view) is var (rows, columns) ? [rows, columns] : [],
    };

    private static int Index(RadialView view) =>
        (int)view is >= 0 and < 6 ? (int)view : throw new ArgumentOutOfRangeException(nameof(view), view, "Unknown radial view.");

    private static void CheckLengths(int flatLength, int matrixLength, RadialShape shape, RadialView view)
    {
        var (rows, columns) = MatrixShape(shape, view);
        if (flatLength != shape.Length || matrixLength != rows * columns)
            throw new ArgumentException($"Radial view '{Name(view)}' of shape {shape}: expected {shape.Length} entries, got flat {flatLength} and matrix {matrixLength}.");
    }
}
