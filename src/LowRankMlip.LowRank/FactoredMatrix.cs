using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// Euclidean Burer–Monteiro factorization W = U Vᵀ of a matrix view (lowrank-algorithms §1, "MF"). Parameters are
/// packed [U row-major m×r | V row-major n×r]; the map is invariant under U → UA, V → VA^{−T}.
/// </summary>
public sealed class FactoredMatrix
{
    public FactoredMatrix(RadialShape shape, RadialView view, int rank)
    {
        (Rows, Columns) = RadialViews.MatrixShapeForRank(shape, view, rank, "A factored matrix");
        Shape = shape;
        View = view;
        Rank = rank;
    }

    public RadialShape Shape { get; }
    public RadialView View { get; }
    public int Rank { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>r(m + n).</summary>
    public int ParameterCount => Rank * (Rows + Columns);

    public FactoredMatrix WithRank(int rank) => new(Shape, View, rank);

    /// <summary>flat C = view⁻¹(U Vᵀ).</summary>
    public void Compose(ReadOnlySpan<double> factors, Span<double> flat)
    {
        var (u, v) = Unpack(factors);
        RadialViews.FromMatrix(DenseAlgebra.ToRowMajor(u.TransposeAndMultiply(v)), Shape, View, flat);
    }

    /// <summary>Chain rule of W = U Vᵀ (lowrank-algorithms §1): ∂L/∂U = G V, ∂L/∂V = Gᵀ U, packed like the parameters.</summary>
    public void PullBack(ReadOnlySpan<double> factors, ReadOnlySpan<double> flatGradient, Span<double> factorGradient)
    {
        CheckLength(factorGradient.Length, nameof(factorGradient));
        var (u, v) = Unpack(factors);
        var g = ToMatrix(flatGradient);
        DenseAlgebra.ToRowMajor(g * v, factorGradient[..(Rows * Rank)]);
        DenseAlgebra.ToRowMajor(g.TransposeThisAndMultiply(u), factorGradient[(Rows * Rank)..]);
    }

    /// <summary>Warm start from a dense tensor (lowrank-algorithms §1): U = U_r Σ_r^{1/2}, V = V_r Σ_r^{1/2}.</summary>
    public double[] FromTruncatedSvd(ReadOnlySpan<double> flat)
    {
        var (u, s, v) = DenseAlgebra.TruncatedSvd(ToMatrix(flat), Rank);
        var root = Matrix<double>.Build.DenseOfDiagonalArray(s.Select(Math.Sqrt).ToArray());
        return Pack(u * root, v * root);
    }

    /// <summary>
    /// Like <see cref="FromTruncatedSvd"/>, but columns whose singular value vanishes (the tensor has rank &lt; r) get
    /// small seeded Gaussian vectors, scale 1e-3·‖W‖/√(m·r) for U and 1e-3·‖W‖/√(n·r) for V (‖W‖ = 1 if W = 0),
    /// so no column is identically zero and both factors receive gradient; U Vᵀ then differs from W by O(1e-6‖W‖²).
    /// </summary>
    public double[] FromTemplate(ReadOnlySpan<double> flat, int seed)
    {
        var w = ToMatrix(flat);
        var (u, s, v) = DenseAlgebra.TruncatedSvd(w, Rank);
        double norm = w.FrobeniusNorm() is var f && f > 0 ? f : 1;
        var random = new Random(seed);
        var uScaled = Matrix<double>.Build.Dense(Rows, Rank);
        var vScaled = Matrix<double>.Build.Dense(Columns, Rank);
        for (int j = 0; j < Rank; j++)
        {
            // Zero to rounding relative to the largest singular value (or exactly zero).
            if (s[j] > 1e-12 * s[0])
            {
                double root = Math.Sqrt(s[j]);
                uScaled.SetColumn(j, u.Column(j) * root);
                vScaled.SetColumn(j, v.Column(j) * root);
                continue;
            }
            for (int i = 0; i < Rows; i++) uScaled[i, j] = Gaussian(random) * 1e-3 * norm / Math.Sqrt(Rows * Rank);
            for (int i = 0; i < Columns; i++) vScaled[i, j] = Gaussian(random) * 1e-3 * norm / Math.Sqrt(Columns * Rank);
        }
        return Pack(uScaled, vScaled);
    }

    /// <summary>
    /// Zero-insertion rank increase (lowrank-algorithms §5): the rank-(r+1) parameters [U, u·scale | V, 0], so U Vᵀ is
    /// unchanged and the new V column gets gradient Gᵀ u·scale.
    /// </summary>
    public double[] AddRank(ReadOnlySpan<double> factors, ReadOnlySpan<double> u, double scale)
    {
        if (Rank + 1 > Math.Min(Rows, Columns))
            throw new InvalidOperationException($"Rank {Rank} is already full for the {Rows}×{Columns} '{RadialViews.Name(View)}' view.");
        if (u.Length != Rows) throw new ArgumentException($"The new column must have {Rows} entries, got {u.Length}.", nameof(u));
        var (uOld, vOld) = Unpack(factors);
        var column = Vector<double>.Build.Dense(Rows);
        for (int i = 0; i < Rows; i++) column[i] = u[i] * scale;
        return Pack(uOld.Append(column.ToColumnMatrix()), vOld.Append(Matrix<double>.Build.Dense(Columns, 1)));
    }

    /// <summary>Rescales each column pair (U_j, V_j) to equal norms, keeping U Vᵀ (columns with a zero factor are left as they are).</summary>
    public void Balance(Span<double> factors) => Balance(factors, Rows, Columns);

    /// <summary>Column balancing of packed parameters [U m×r | V n×r], r = length / (m + n).</summary>
    public static void Balance(Span<double> factors, int rows, int columns)
    {
        if (rows < 1 || columns < 1 || factors.Length % (rows + columns) != 0)
            throw new ArgumentException($"Packed factors of length {factors.Length} do not fit [U {rows}×r | V {columns}×r].", nameof(factors));
        int rank = factors.Length / (rows + columns);
        var u = factors[..(rows * rank)];
        var v = factors[(rows * rank)..];
        for (int j = 0; j < rank; j++)
        {
            double uNorm = 0, vNorm = 0;
            for (int i = 0; i < rows; i++) uNorm += u[i * rank + j] * u[i * rank + j];
            for (int i = 0; i < columns; i++) vNorm += v[i * rank + j] * v[i * rank + j];
            if (uNorm == 0 || vNorm == 0) continue;
            // Scale U_j by c and V_j by 1/c with c² = ‖V_j‖/‖U_j‖: both norms become √(‖U_j‖‖V_j‖).
            double c = Math.Pow(vNorm / uNorm, 0.25);
            for (int i = 0; i < rows; i++) u[i * rank + j] *= c;
            for (int i = 0; i < columns; i++) v[i * rank + j] /= c;
        }
    }

    private (Matrix<double> U, Matrix<double> V) Unpack(ReadOnlySpan<double> factors)
    {
        CheckLength(factors.Length, nameof(factors));
        return (DenseAlgebra.FromRowMajor(factors[..(Rows * Rank)], Rows, Rank),
            DenseAlgebra.FromRowMajor(factors[(Rows * Rank)..], Columns, Rank));
    }

    private static double[] Pack(Matrix<double> u, Matrix<double> v) => [.. DenseAlgebra.ToRowMajor(u), .. DenseAlgebra.ToRowMajor(v)];

    private Matrix<double> ToMatrix(ReadOnlySpan<double> flat)
    {
        var rowMajor = new double[Rows * Columns];
        RadialViews.ToMatrix(flat, Shape, View, rowMajor);
        return DenseAlgebra.FromRowMajor(rowMajor, Rows, Columns);
    }

    private void CheckLength(int length, string name)
    {
        if (length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} packed factor entries (rank {Rank}), got {length}.", name);
    }

    /// <summary>Standard normal deviate (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
