using LowRankMlip.LowRank;
using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Seeded random tensors, inner products, numerical ranks and a smooth test function for the low-rank tests.</summary>
internal static class LowRankTestData
{
    public static readonly RadialShape Small = new(2, 3, 4);
    public static readonly RadialShape Medium = new(4, 4, 8);
    public static readonly RadialShape Single = new(1, 5, 8);

    public static double[] Gaussian(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return values;
    }

    /// <summary>A flat tensor whose matrix view has rank exactly r (product of two Gaussian factors).</summary>
    public static double[] RankR(RadialShape shape, RadialView view, int rank, int seed)
    {
        var (m, n) = RadialViews.MatrixShape(shape, view);
        var u = Matrix<double>.Build.DenseOfColumnMajor(m, rank, Gaussian(m * rank, seed));
        var v = Matrix<double>.Build.DenseOfColumnMajor(n, rank, Gaussian(n * rank, seed + 1));
        var flat = new double[shape.Length];
        RadialViews.FromMatrix(RowMajor(u.TransposeAndMultiply(v)), shape, view, flat);
        return flat;
    }

    public static double[] RowMajor(Matrix<double> a)
    {
        var data = new double[a.RowCount * a.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++)
                data[i * a.ColumnCount + j] = a[i, j];
        return data;
    }

    public static Matrix<double> Matrix(ReadOnlySpan<double> rowMajor, int rows, int columns)
    {
        var a = Matrix<double>.Build.Dense(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                a[i, j] = rowMajor[i * columns + j];
        return a;
    }

    public static Matrix<double> ViewMatrix(ReadOnlySpan<double> flat, RadialShape shape, RadialView view)
    {
        var (m, n) = RadialViews.MatrixShape(shape, view);
        var rowMajor = new double[m * n];
        RadialViews.ToMatrix(flat, shape, view, rowMajor);
        return Matrix(rowMajor, m, n);
    }

    /// <summary>Number of singular values above tolerance·σ_max.</summary>
    public static int NumericalRank(Matrix<double> a, double tolerance = 1e-10)
    {
        var s = a.Svd(false).S;
        double top = s.Count > 0 ? s[0] : 0;
        return top == 0 ? 0 : s.Count(v => v > tolerance * top);
    }

    /// <summary>Ranks of the sequential unfoldings X^⟨k⟩ (N_{≤k} × N_{&gt;k}), k = 1 … d − 1: the TT ranks.</summary>
    public static int[] SequentialRanks(ReadOnlySpan<double> flat, int[] modes, double tolerance = 1e-10)
    {
        var ranks = new int[modes.Length - 1];
        int rows = 1;
        for (int k = 0; k < modes.Length - 1; k++)
        {
            rows *= modes[k];
            ranks[k] = NumericalRank(Matrix(flat, rows, flat.Length / rows), tolerance);
        }
        return ranks;
    }

    /// <summary>Ranks of the mode-k unfoldings: the multilinear (Tucker) ranks.</summary>
    public static int[] MultilinearRanks(double[] flat, int[] modes, double tolerance = 1e-10)
    {
        var ranks = new int[modes.Length];
        for (int k = 0; k < modes.Length; k++)
        {
            int left = modes[..k].Aggregate(1, (p, n) => p * n), size = modes[k], right = flat.Length / (left * size);
            var unfolding = Matrix<double>.Build.Dense(size, left * right);
            for (int l = 0; l < left; l++)
                for (int i = 0; i < size; i++)
                    for (int r = 0; r < right; r++)
                        unfolding[i, l * right + r] = flat[(l * size + i) * right + r];
            ranks[k] = NumericalRank(unfolding, tolerance);
        }
        return ranks;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    public static double[] Combine(ReadOnlySpan<double> a, double alpha, ReadOnlySpan<double> b, double beta)
    {
        var r = new double[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = alpha * a[i] + beta * b[i];
        return r;
    }

    public static double[] Project(ILowRankManifold manifold, LowRankPoint x, ReadOnlySpan<double> ambient)
    {
        var tangent = new double[ambient.Length];
        manifold.Project(x, ambient, tangent);
        return tangent;
    }

    /// <summary>A random tangent vector at x scaled to norm ‖x‖.</summary>
    public static double[] RandomTangent(ILowRankManifold manifold, LowRankPoint x, int seed)
    {
        var tangent = Project(manifold, x, Gaussian(x.Dense.Length, seed));
        double scale = Norm(x.Dense) / Norm(tangent);
        for (int i = 0; i < tangent.Length; i++) tangent[i] *= scale;
        return tangent;
    }

    /// <summary>f(W) = ½‖W − T‖² + ¼ Σ W⁴ and its gradient W − T + W³ (smooth, non-quadratic).</summary>
    public static double Quartic(ReadOnlySpan<double> w, ReadOnlySpan<double> target, Span<double> gradient)
    {
        double f = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double d = w[i] - target[i], w2 = w[i] * w[i];
            f += 0.5 * d * d + 0.25 * w2 * w2;
            if (!gradient.IsEmpty) gradient[i] = d + w2 * w[i];
        }
        return f;
    }

    /// <summary>f(W) = ½‖W − T‖² and its gradient W − T.</summary>
    public static double LeastSquares(ReadOnlySpan<double> w, ReadOnlySpan<double> target, Span<double> gradient)
    {
        double f = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double d = w[i] - target[i];
            f += 0.5 * d * d;
            if (!gradient.IsEmpty) gradient[i] = d;
        }
        return f;
    }

    /// <summary>
    /// Dimension of the tangent space at x measured numerically: the rank of the projection applied to the
    /// ambient basis vectors.
    /// </summary>
    public static int TangentDimension(ILowRankManifold manifold, LowRankPoint x)
    {
        int n = x.Dense.Length;
        var projector = Matrix<double>.Build.Dense(n, n);
        var unit = new double[n];
        for (int j = 0; j < n; j++)
        {
            unit[j] = 1;
            var column = Project(manifold, x, unit);
            for (int i = 0; i < n; i++) projector[i, j] = column[i];
            unit[j] = 0;
        }
        return NumericalRank(projector, 1e-8);
    }
}
