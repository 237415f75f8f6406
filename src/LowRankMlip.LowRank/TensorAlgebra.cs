using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.LowRank;

/// <summary>
/// Mode products and mode unfoldings of small row-major dense tensors (Kolda &amp; Bader notation, used in
/// lowrank-algorithms §3). A tensor with modes [n_1 … n_d] is seen around mode k as (left, n_k, right),
/// left = Π_{j&lt;k} n_j, right = Π_{j&gt;k} n_j; the mode-k unfolding has column index l·right + r.
/// </summary>
internal static class TensorAlgebra
{
    public static int Product(ReadOnlySpan<int> sizes)
    {
        int p = 1;
        foreach (int n in sizes) p *= n;
        return p;
    }

    /// <summary>T ×_k A: result[l, j, r] = Σ_i A[j, i] T[l, i, r]; A has dims[k] columns.</summary>
    public static double[] ModeProduct(ReadOnlySpan<double> tensor, int[] dims, int mode, Matrix<double> a, out int[] resultDims)
    {
        int left = Product(dims.AsSpan(0, mode)), n = dims[mode], right = Product(dims.AsSpan(mode + 1)), p = a.RowCount;
        if (a.ColumnCount != n) throw new ArgumentException($"Mode-{mode} product: matrix has {a.ColumnCount} columns, mode size is {n}.");
        var result = new double[left * p * right];
        for (int l = 0; l < left; l++)
            for (int j = 0; j < p; j++)
            {
                var target = result.AsSpan((l * p + j) * right, right);
                for (int i = 0; i < n; i++)
                {
                    double aji = a[j, i];
                    var source = tensor.Slice((l * n + i) * right, right);
                    for (int r = 0; r < right; r++) target[r] += aji * source[r];
                }
            }
        resultDims = (int[])dims.Clone();
        resultDims[mode] = p;
        return result;
    }

    /// <summary>T ×_1 A_1 ⋯ ×_d A_d, skipping modes whose matrix is null.</summary>
    public static double[] MultiModeProduct(ReadOnlySpan<double> tensor, int[] dims, IReadOnlyList<Matrix<double>?> matrices, out int[] resultDims)
    {
        var result = tensor.ToArray();
        resultDims = (int[])dims.Clone();
        for (int k = 0; k < dims.Length; k++)
            if (matrices[k] is { } a) result = ModeProduct(result, resultDims, k, a, out resultDims);
        return result;
    }

    /// <summary>Mode-k unfolding T_(k): dims[k] × (left·right).</summary>
    public static Matrix<double> Unfold(ReadOnlySpan<double> tensor, int[] dims, int mode)
    {
        int left = Product(dims.AsSpan(0, mode)), n = dims[mode], right = Product(dims.AsSpan(mode + 1));
        var unfolding = Matrix<double>.Build.Dense(n, left * right);
        for (int l = 0; l < left; l++)
            for (int i = 0; i < n; i++)
                for (int r = 0; r < right; r++)
                    unfolding[i, l * right + r] = tensor[(l * n + i) * right + r];
        return unfolding;
    }
}
