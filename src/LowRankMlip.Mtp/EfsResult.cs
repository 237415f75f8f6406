namespace LowRankMlip.Mtp;

/// <summary>Energy, forces, site energies and virial of one configuration (mtp-spec §5.3–§5.4).</summary>
public sealed class EfsResult
{
    public double Energy;
    /// <summary>Forces, 3 per atom (eV/Å). Length ≥ 3·AtomCount (grow-only buffer).</summary>
    public double[] Forces = [];
    /// <summary>Site energies E_i (eV). Length ≥ AtomCount.</summary>
    public double[] SiteEnergies = [];
    /// <summary>Virial W_ab = −Σ_i Σ_j (∂E_i/∂r_ij)_a (r_ij)_b, row-major 3×3 (eV).</summary>
    public readonly double[] VirialMatrix = new double[9];
    public int AtomCount;

    public void Reset(int atoms)
    {
        AtomCount = atoms;
        if (Forces.Length < 3 * atoms) Forces = new double[3 * atoms];
        if (SiteEnergies.Length < atoms) SiteEnergies = new double[atoms];
        Array.Clear(Forces, 0, 3 * atoms);
        Array.Clear(SiteEnergies, 0, atoms);
        Array.Clear(VirialMatrix);
        Energy = 0;
    }

    /// <summary>The virial in MLIP's PlusStress order xx yy zz yz xz xy.</summary>
    public double[] VirialMlipOrder() =>
        [VirialMatrix[0], VirialMatrix[4], VirialMatrix[8], VirialMatrix[5], VirialMatrix[2], VirialMatrix[1]];

    public double[] ForcesCopy() => Forces.AsSpan(0, 3 * AtomCount).ToArray();
}
