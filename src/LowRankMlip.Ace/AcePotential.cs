namespace LowRankMlip.Ace;

/// <summary>
/// An ML-PACE "C-tilde" potential as a <c>.yace</c> file holds it (ace-spec §9): elements, per-species
/// E0 and embedding, one bond per ordered species pair (radial basis and <c>crad</c>), and the
/// product-basis functions of each central species with their m-expanded coefficients.
/// </summary>
public sealed class AcePotential
{
    public AcePotential(string[] elements, double[] e0, double deltaSplineBins, AceEmbedding[] embeddings, AceBond[,] bonds, AceFunction[][] functions)
    {
        int s = elements.Length;
        if (e0.Length != s || embeddings.Length != s || functions.Length != s || bonds.GetLength(0) != s || bonds.GetLength(1) != s)
            throw new ArgumentException($"every per-species block must have {s} entries (one per element)");
        Elements = elements;
        E0 = e0;
        DeltaSplineBins = deltaSplineBins;
        Embeddings = embeddings;
        Bonds = bonds;
        Functions = functions;
    }

    /// <summary>Element symbols; the index is the species id μ.</summary>
    public string[] Elements { get; }

    /// <summary>Constant added to every site energy of a species (eV).</summary>
    public double[] E0 { get; }

    /// <summary>ML-PACE spline step (Å); kept for the round trip, the evaluator is analytic.</summary>
    public double DeltaSplineBins { get; }

    public AceEmbedding[] Embeddings { get; }

    /// <summary>Bond of the ordered pair (central μ_i, neighbour μ_j).</summary>
    public AceBond[,] Bonds { get; }

    /// <summary>Basis functions per central species μ0, in file order.</summary>
    public AceFunction[][] Functions { get; }

    public int SpeciesCount => Elements.Length;

    /// <summary>Largest outer cutoff of all bonds (Å): the neighbour-list cutoff.</summary>
    public double MaxCutoff => Bonds.Cast<AceBond>().Max(b => b.Rcut);

    /// <summary>Global radial sizes (ace-spec §2: maxima over bonds).</summary>
    public int RadialBasisSize => Bonds.Cast<AceBond>().Max(b => b.Nradbasemax);
    public int RadialFunctionCount => Bonds.Cast<AceBond>().Max(b => b.Nradmax);
    public int Lmax => Bonds.Cast<AceBond>().Max(b => b.Lmax);

    /// <summary>Number of entries of all <c>crad</c> blocks together.</summary>
    public int RadialParameterCount => Bonds.Cast<AceBond>().Sum(b => b.RadCoefficients.Length);

    /// <summary>Number of c̃ coefficients of all functions together.</summary>
    public int BasisCoefficientCount => Functions.Sum(fs => fs.Sum(f => f.Ctildes.Length));

    /// <summary>Species index of an element symbol, or −1.</summary>
    public int SpeciesOf(string element) => Array.IndexOf(Elements, element);

    /// <summary>All c̃ coefficients as one vector: species, then functions in file order, each function's ctildes.</summary>
    public double[] FlattenCtildes() => Functions.SelectMany(fs => fs.SelectMany(f => f.Ctildes)).ToArray();

    /// <summary>A copy with the c̃ coefficients of <paramref name="flat"/> (layout of <see cref="FlattenCtildes"/>).</summary>
    public AcePotential WithCtildes(ReadOnlySpan<double> flat)
    {
        if (flat.Length != BasisCoefficientCount) throw new ArgumentException($"got {flat.Length} coefficients; the potential has {BasisCoefficientCount}");
        int offset = 0;
        var functions = new AceFunction[SpeciesCount][];
        for (int mu = 0; mu < SpeciesCount; mu++)
        {
            functions[mu] = new AceFunction[Functions[mu].Length];
            for (int f = 0; f < functions[mu].Length; f++)
            {
                var old = Functions[mu][f];
                functions[mu][f] = old.WithCtildes(flat.Slice(offset, old.Ctildes.Length).ToArray());
                offset += old.Ctildes.Length;
            }
        }
        return new AcePotential(Elements, E0, DeltaSplineBins, Embeddings, Bonds, functions);
    }

    /// <summary>A copy whose bonds carry new <c>crad</c> blocks (same shapes), everything else shared.</summary>
    public AcePotential WithRadialCoefficients(Func<int, int, double[]> crad)
    {
        var bonds = new AceBond[SpeciesCount, SpeciesCount];
        for (int a = 0; a < SpeciesCount; a++)
            for (int b = 0; b < SpeciesCount; b++)
                bonds[a, b] = Bonds[a, b].WithRadialCoefficients(crad(a, b));
        return new AcePotential(Elements, E0, DeltaSplineBins, Embeddings, bonds, Functions);
    }
}
