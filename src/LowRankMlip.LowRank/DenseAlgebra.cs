using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace LowRankMlip.LowRank;

/// <summary>
/// Small dense helpers over MathNet matrices: row-major conversion and reshaping (all factors are exchanged
/// row-major), thin SVD and thin QR. Matrices here are at most a few hundred by a few dozen.
/// </summary>
internal static class DenseAlgebra
{
    public static Matrix<double> FromRowMajor(ReadOnlySpan<double> data, int rows, int columns)
    {
        if (data.Length != rows * columns) throw new ArgumentException($"Expected {rows}×{columns} = {rows * columns} entries, got {data.Length}.");
        var a = Matrix<double>.Build.Dense(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                a[i, j] = data[i * columns + j];
        return a;
    }

    public static void ToRowMajor(Matrix<double> a, Span<double> data)
    {
        int columns = a.ColumnCount;
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < columns; j++)
                data[i * columns + j] = a[i, j];
    }

    public static double[] ToRowMajor(Matrix<double> a)
    {
        var data = new double[a.RowCount * a.ColumnCount];
        ToRowMajor(a, data);
        return data;
    }

    /// <summary>The same row-major entries read as a rows × columns matrix (a tensor unfolding change).</summary>
    public static Matrix<double> Reshape(Matrix<double> a, int rows, int columns) => FromRowMajor(ToRowMajor(a), rows, columns);

    /// <summary>
    /// Thin SVD A = U diag(S) Vᵀ with k = min(m, n) columns, singular values descending. MathNet's Svd builds the
    /// full square U, so a tall matrix is reduced by a thin QR first and a wide one is transposed (dotnet-notes §6).
    /// </summary>
    public static (Matrix<double> U, double[] S, Matrix<double> V) ThinSvd(Matrix<double> a)
    {
        int m = a.RowCount, n = a.ColumnCount;
        if (m < n)
        {
            var (ut, st, vt) = ThinSvd(a.Transpose());
            return (vt, st, ut);
        }
        if (m == n)
        {
            var square = a.Svd(true);
            return (square.U, square.S.ToArray(), square.VT.Transpose());
        }
        var qr = a.QR(QRMethod.Thin);
        var svd = qr.R.Svd(true);
        return (qr.Q * svd.U, svd.S.ToArray(), svd.VT.Transpose());
    }

    /// <summary>Leading r singular triplets (U m×r, S, V n×r).</summary>
    public static (Matrix<double> U, double[] S, Matrix<double> V) TruncatedSvd(Matrix<double> a, int rank)
    {
        var (u, s, v) = ThinSvd(a);
        return (u.SubMatrix(0, u.RowCount, 0, rank), s[..rank], v.SubMatrix(0, v.RowCount, 0, rank));
    }

    /// <summary>Thin QR of a matrix with at least as many rows as columns: Q has orthonormal columns.</summary>
    public static (Matrix<double> Q, Matrix<double> R) ThinQr(Matrix<double> a)
    {
        if (a.RowCount < a.ColumnCount) throw new ArgumentException($"Thin QR needs rows ≥ columns, got {a.RowCount}×{a.ColumnCount}.");
        var qr = a.QR(QRMethod.Thin);
        return (qr.Q, qr.R);
    }

    /// <summary>(I − Q Qᵀ) A for Q with orthonormal columns.</summary>
    public static Matrix<double> ComplementProject(Matrix<double> q, Matrix<double> a) => a - q * q.TransposeThisAndMultiply(a);

    /// <summary>a + t·b into a new array.</summary>
    public static double[] AddScaled(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double t)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Length mismatch: {a.Length} vs {b.Length}.");
        var sum = new double[a.Length];
        for (int i = 0; i < a.Length; i++) sum[i] = a[i] + t * b[i];
        return sum;
    }
}
