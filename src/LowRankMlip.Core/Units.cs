namespace LowRankMlip;

/// <summary>Unit conversions used by the readers and reports (datasets.md §3, mtp-spec §5.4).</summary>
public static class Units
{
    /// <summary>1 eV/Å³ in kbar: 1 eV/Å³ = 160.21766 GPa = 1602.1766 kbar.</summary>
    public const double KbarPerEvPerCubicAngstrom = 1602.1766208;

    /// <summary>GPa per eV/Å³ as MLIP's error report uses it (mtp-spec §10).</summary>
    public const double GpaPerEvPerCubicAngstromMlip = 160.2176487;

    /// <summary>Voigt pairs in MLIP's PlusStress order xx yy zz yz xz xy.</summary>
    public static ReadOnlySpan<int> MlipVirialRow => [0, 1, 2, 1, 0, 0];
    public static ReadOnlySpan<int> MlipVirialColumn => [0, 1, 2, 2, 2, 1];

    /// <summary>Expands a 6-component MLIP virial (xx yy zz yz xz xy) to a symmetric row-major 3×3.</summary>
    public static void VirialToMatrix(ReadOnlySpan<double> w6, Span<double> m9)
    {
        m9[0] = w6[0]; m9[4] = w6[1]; m9[8] = w6[2];
        m9[5] = m9[7] = w6[3];
        m9[2] = m9[6] = w6[4];
        m9[1] = m9[3] = w6[5];
    }
}
