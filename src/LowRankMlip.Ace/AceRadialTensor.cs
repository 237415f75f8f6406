using LowRankMlip.LowRank;

namespace LowRankMlip.Ace;

/// <summary>
/// The ACE radial coefficients as the suite's radial tensor (ace-spec §10): crad[μi][μj][n][l][k] is
/// C[a][b][μ][β] with a = μi, b = μj, "radial function" μ = n·(lmax+1) + l (K = nradmax·(lmax+1)) and
/// β = k (R = nradbase), padded with zeros where a bond is smaller than the global sizes. So every
/// <see cref="RadialView"/>, manifold and method of LowRankMlip.LowRank applies unchanged.
/// </summary>
public static class AceRadialTensor
{
    public static RadialShape Shape(AcePotential p) =>
        new(p.SpeciesCount, p.RadialFunctionCount * (p.Lmax + 1), p.RadialBasisSize);

    /// <summary>The flat tensor ((a·S + b)·K + n·(lmax+1) + l)·R + k.</summary>
    public static double[] Flatten(AcePotential p)
    {
        var shape = Shape(p);
        var flat = new double[shape.Length];
        for (int a = 0; a < p.SpeciesCount; a++)
            for (int b = 0; b < p.SpeciesCount; b++)
            {
                var bond = p.Bonds[a, b];
                for (int n = 0; n < bond.Nradmax; n++)
                    for (int l = 0; l <= bond.Lmax; l++)
                        for (int k = 0; k < bond.Nradbasemax; k++)
                            flat[Index(p, shape, a, b, n, l, k)] = bond.Crad(n, l, k);
            }
        return flat;
    }

    /// <summary>
    /// The potential with crad taken from <paramref name="flat"/>; each bond keeps its own sizes, so
    /// entries of the padding (outside a bond's nradmax, lmax, nradbase) are dropped.
    /// </summary>
    public static AcePotential WithTensor(AcePotential p, ReadOnlySpan<double> flat)
    {
        var shape = Shape(p);
        if (flat.Length != shape.Length) throw new ArgumentException($"the tensor has {flat.Length} entries; the potential's radial tensor has {shape.Length}");
        var blocks = new double[p.SpeciesCount, p.SpeciesCount][];
        for (int a = 0; a < p.SpeciesCount; a++)
            for (int b = 0; b < p.SpeciesCount; b++)
            {
                var bond = p.Bonds[a, b];
                var crad = new double[bond.RadCoefficients.Length];
                for (int n = 0; n < bond.Nradmax; n++)
                    for (int l = 0; l <= bond.Lmax; l++)
                        for (int k = 0; k < bond.Nradbasemax; k++)
                            crad[(n * (bond.Lmax + 1) + l) * bond.Nradbasemax + k] = flat[Index(p, shape, a, b, n, l, k)];
                blocks[a, b] = crad;
            }
        return p.WithRadialCoefficients((a, b) => blocks[a, b]);
    }

    /// <summary>
    /// Which entries of the flat tensor the energy depends on: crad[a][b][n][l][·] enters only through
    /// R_nl of a rank ≥ 2 function of central species a with a factor (μ = b, n, l) (ace-spec §2, §10);
    /// every other entry (e.g. the unused n of a FitSNAP identity crad) is a dead parameter.
    /// </summary>
    public static bool[] LiveMask(AcePotential p)
    {
        var shape = Shape(p);
        var live = new bool[shape.Length];
        for (int a = 0; a < p.SpeciesCount; a++)
            foreach (var f in p.Functions[a])
            {
                if (f.Rank < 2) continue;
                for (int t = 0; t < f.Rank; t++)
                    for (int k = 0; k < p.Bonds[a, f.Mus[t]].Nradbasemax; k++)
                        live[Index(p, shape, a, f.Mus[t], f.Ns[t] - 1, f.Ls[t], k)] = true;
            }
        return live;
    }

    /// <summary>The flat tensor with its dead entries (<see cref="LiveMask"/>) set to zero: the same energy, fewer parameters.</summary>
    public static double[] FlattenLive(AcePotential p)
    {
        var flat = Flatten(p);
        var live = LiveMask(p);
        for (int i = 0; i < flat.Length; i++) if (!live[i]) flat[i] = 0;
        return flat;
    }

    private static int Index(AcePotential p, RadialShape shape, int a, int b, int n, int l, int k) =>
        ((a * shape.Species + b) * shape.Functions + n * (p.Lmax + 1) + l) * shape.BasisSize + k;
}
