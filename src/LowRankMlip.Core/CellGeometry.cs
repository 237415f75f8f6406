namespace LowRankMlip;

/// <summary>
/// Geometry helper for neighbour searches: the periodic lattice rows completed to a full basis with
/// orthonormal vectors along non-periodic directions, fractional coordinates in that basis and the
/// distance between opposite faces (height) along each direction.
/// </summary>
internal sealed class CellGeometry
{
    public CellGeometry(Cell cell)
    {
        Lattice = new double[9];
        Periodic = new bool[3];
        var periodicRows = new List<int>();
        for (int r = 0; r < 3; r++)
        {
            Periodic[r] = cell.IsPeriodic(r);
            if (Periodic[r])
            {
                periodicRows.Add(r);
                for (int c = 0; c < 3; c++) Lattice[3 * r + c] = cell.Vectors[3 * r + c];
            }
        }
        CompleteBasis(periodicRows);
        Inverse = Invert(Lattice, out double det);
        if (Math.Abs(det) < 1e-12)
            throw new ArgumentException("the lattice vectors of the cell are linearly dependent (zero volume)");
        Heights = new double[3];
        for (int d = 0; d < 3; d++)
        {
            int e = (d + 1) % 3, f = (d + 2) % 3;
            var cross = Cross(Row(e), Row(f));
            Heights[d] = Math.Abs(det) / Math.Sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
        }
    }

    /// <summary>Row-major basis: the cell's periodic rows plus unit vectors completing it.</summary>
    public double[] Lattice { get; }
    public double[] Inverse { get; }
    public bool[] Periodic { get; }
    public double[] Heights { get; }

    /// <summary>Fractional coordinates f with r = Σ_d f_d L_d for every atom.</summary>
    public double[] ToFractional(double[] positions)
    {
        var f = new double[positions.Length];
        for (int i = 0; i < positions.Length / 3; i++)
            for (int d = 0; d < 3; d++)
                f[3 * i + d] = positions[3 * i] * Inverse[d] + positions[3 * i + 1] * Inverse[3 + d] + positions[3 * i + 2] * Inverse[6 + d];
        return f;
    }

    private double[] Row(int r) => [Lattice[3 * r], Lattice[3 * r + 1], Lattice[3 * r + 2]];

    private void CompleteBasis(List<int> periodicRows)
    {
        var basis = periodicRows.Select(Row).Select(Normalized).ToList();
        foreach (var trial in new[] { new double[] { 1, 0, 0 }, [0, 1, 0], [0, 0, 1] })
        {
            if (basis.Count == 3) break;
            // Gram–Schmidt the trial vector against the current basis; keep it if it is independent.
            var v = (double[])trial.Clone();
            foreach (var b in basis)
            {
                double dot = v[0] * b[0] + v[1] * b[1] + v[2] * b[2];
                for (int c = 0; c < 3; c++) v[c] -= dot * b[c];
            }
            if (Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) < 1e-6) continue;
            v = Normalized(v);
            basis.Add(v);
            int slot = Enumerable.Range(0, 3).First(r => !Periodic[r] && Lattice[3 * r] == 0 && Lattice[3 * r + 1] == 0 && Lattice[3 * r + 2] == 0);
            for (int c = 0; c < 3; c++) Lattice[3 * slot + c] = v[c];
        }
    }

    private static double[] Normalized(double[] v)
    {
        double n = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return [v[0] / n, v[1] / n, v[2] / n];
    }

    private static double[] Cross(double[] a, double[] b) =>
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

    private static double[] Invert(double[] m, out double det)
    {
        det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        var inv = new double[9];
        inv[0] = (m[4] * m[8] - m[5] * m[7]) / det;
        inv[1] = (m[2] * m[7] - m[1] * m[8]) / det;
        inv[2] = (m[1] * m[5] - m[2] * m[4]) / det;
        inv[3] = (m[5] * m[6] - m[3] * m[8]) / det;
        inv[4] = (m[0] * m[8] - m[2] * m[6]) / det;
        inv[5] = (m[2] * m[3] - m[0] * m[5]) / det;
        inv[6] = (m[3] * m[7] - m[4] * m[6]) / det;
        inv[7] = (m[1] * m[6] - m[0] * m[7]) / det;
        inv[8] = (m[0] * m[4] - m[1] * m[3]) / det;
        return inv;
    }
}
