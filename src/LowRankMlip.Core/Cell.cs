namespace LowRankMlip;

/// <summary>
/// A simulation cell: up to three lattice vectors (rows, Å) and which of them are periodic.
/// mtp-spec §2.1: a row that is absent or all-zero makes that direction non-periodic; a cell with
/// no periodic direction is a molecule.
/// </summary>
public sealed class Cell
{
    /// <summary>Lattice vectors row-wise: Vectors[3*r + c] is component c of lattice vector r.</summary>
    public double[] Vectors { get; }

    /// <summary>Number of lattice rows given in the source (0–3), as MLIP writes them back.</summary>
    public int RowCount { get; }

    public Cell(ReadOnlySpan<double> rowMajorVectors, int rowCount)
    {
        if (rowCount < 0 || rowCount > 3) throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, "a cell has 0–3 lattice rows");
        if (rowMajorVectors.Length != 3 * rowCount) throw new ArgumentException($"expected {3 * rowCount} lattice numbers, got {rowMajorVectors.Length}", nameof(rowMajorVectors));
        Vectors = new double[9];
        rowMajorVectors.CopyTo(Vectors);
        RowCount = rowCount;
    }

    /// <summary>A cell with no lattice (isolated molecule).</summary>
    public static Cell None { get; } = new(ReadOnlySpan<double>.Empty, 0);

    /// <summary>A fully periodic cell from three row vectors.</summary>
    public static Cell Periodic(ReadOnlySpan<double> rowMajor3x3) => new(rowMajor3x3, 3);

    /// <summary>True when lattice row <paramref name="row"/> is present and not all zero.</summary>
    public bool IsPeriodic(int row) =>
        row < RowCount && (Vectors[3 * row] != 0 || Vectors[3 * row + 1] != 0 || Vectors[3 * row + 2] != 0);

    public int PeriodicDimensionCount => (IsPeriodic(0) ? 1 : 0) + (IsPeriodic(1) ? 1 : 0) + (IsPeriodic(2) ? 1 : 0);

    /// <summary>|det L| of the three rows (0 unless all three rows are given).</summary>
    public double Volume
    {
        get
        {
            if (RowCount < 3) return 0;
            var v = Vectors;
            return Math.Abs(
                v[0] * (v[4] * v[8] - v[5] * v[7]) -
                v[1] * (v[3] * v[8] - v[5] * v[6]) +
                v[2] * (v[3] * v[7] - v[4] * v[6]));
        }
    }

    /// <summary>Cartesian position of fractional coordinates f (mtp-spec §2.1: r = f0·L0 + f1·L1 + f2·L2).</summary>
    public void FractionalToCartesian(ReadOnlySpan<double> f, Span<double> r)
    {
        for (int c = 0; c < 3; c++)
            r[c] = f[0] * Vectors[c] + f[1] * Vectors[3 + c] + f[2] * Vectors[6 + c];
    }

    /// <summary>A copy with every lattice vector transformed by r → r·(I + strain)ᵀ, i.e. r'_a = Σ_b (δ_ab + ε_ab) r_b.</summary>
    public Cell Deformed(ReadOnlySpan<double> strain3x3)
    {
        var rows = new double[3 * RowCount];
        for (int r = 0; r < RowCount; r++)
            for (int a = 0; a < 3; a++)
            {
                double s = Vectors[3 * r + a];
                for (int b = 0; b < 3; b++) s += strain3x3[3 * a + b] * Vectors[3 * r + b];
                rows[3 * r + a] = s;
            }
        return new Cell(rows, RowCount);
    }
}
