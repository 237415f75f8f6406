namespace LowRankMlip.Simulation;

/// <summary>3×3 lattice algebra shared by the Ewald sum, the Verlet list and frame wrapping (row-major, rows = lattice vectors).</summary>
internal static class LatticeMath
{
    /// <summary>L⁻¹ into <paramref name="inverse"/>; returns det L. Fractional coordinates are f_d = Σ_c r_c L⁻¹[c][d].</summary>
    public static double Invert(ReadOnlySpan<double> m, Span<double> inverse)
    {
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        if (Math.Abs(det) < 1e-12) throw new ArgumentException("the cell's lattice vectors are linearly dependent (zero volume)");
        inverse[0] = (m[4] * m[8] - m[5] * m[7]) / det; inverse[1] = (m[2] * m[7] - m[1] * m[8]) / det; inverse[2] = (m[1] * m[5] - m[2] * m[4]) / det;
        inverse[3] = (m[5] * m[6] - m[3] * m[8]) / det; inverse[4] = (m[0] * m[8] - m[2] * m[6]) / det; inverse[5] = (m[2] * m[3] - m[0] * m[5]) / det;
        inverse[6] = (m[3] * m[7] - m[4] * m[6]) / det; inverse[7] = (m[1] * m[6] - m[0] * m[7]) / det; inverse[8] = (m[0] * m[4] - m[1] * m[3]) / det;
        return det;
    }

    /// <summary>Positions of <paramref name="cfg"/> translated by lattice vectors into the cell (fractional coordinates in [0, 1)).</summary>
    public static double[] WrappedPositions(Configuration cfg)
    {
        var L = cfg.Cell.Vectors;
        Span<double> inverse = stackalloc double[9];
        Invert(L, inverse);
        var p = (double[])cfg.Positions.Clone();
        for (int i = 0; i < cfg.AtomCount; i++)
            for (int d = 0; d < 3; d++)
            {
                double shift = Math.Floor(p[3 * i] * inverse[d] + p[3 * i + 1] * inverse[3 + d] + p[3 * i + 2] * inverse[6 + d]);
                for (int c = 0; c < 3; c++) p[3 * i + c] -= shift * L[3 * d + c];
            }
        return p;
    }
}
