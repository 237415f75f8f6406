namespace LowRankMlip.Ace;

/// <summary>
/// The evaluator's flattened view of an <see cref="AcePotential"/> (ace-spec §2, §6): padded global
/// sizes, crad transposed to [pair][k][n·(lmax+1)+l] so R_nl = Σ_k g_k·crad[k][·] is an axpy over
/// (n, l), and per central species the rank-1 functions as (A1 index, c̃) and the rank ≥ 2 products
/// as lists of factor indices into A with the ±m mirror flags.
/// </summary>
internal sealed class AceBasisTables
{
    public AceBasisTables(AcePotential p, bool allowFactoredRadial = true)
    {
        S = p.SpeciesCount;
        BasisSize = p.RadialBasisSize;
        RadialCount = p.RadialFunctionCount;
        Lmax = p.Lmax;
        LmCount = (Lmax + 1) * (Lmax + 2) / 2;
        NlCount = RadialCount * (Lmax + 1);
        Bonds = p.Bonds;
        Kinds = new AceRadialBasisKind[S * S];
        CradT = new double[S * S * BasisSize * NlCount];
        for (int a = 0; a < S; a++)
            for (int b = 0; b < S; b++)
            {
                Kinds[a * S + b] = p.Bonds[a, b].BasisKind;
                SetCrad(a, b, p.Bonds[a, b].RadCoefficients);
            }
        int zblBonds = p.Bonds.Cast<AceBond>().Count(b => b.InnerCutoff == AceInnerCutoffKind.Zbl);
        if (zblBonds != 0 && zblBonds != S * S)
            throw new ArgumentException("inner_cutoff_type zbl must be used by every bond or by none (one inner-cutoff mode per potential)");
        IsZbl = zblBonds != 0;
        AtomicNumbers = IsZbl ? p.Elements.Select(Elements.AtomicNumber).ToArray() : [];
        Factored = allowFactoredRadial ? AceFactoredRadial.TryCreate(CradT, S * S, BasisSize, NlCount) : null;
        DensityCount = p.Embeddings.Select(e => e.DensityCount).ToArray();
        MaxDensityCount = DensityCount.Max();
        Rank1 = new Rank1Functions[S];
        Products = new ProductTerms[S];
        // Offset of each function's c̃ in the flat coefficient vector (species, then file order).
        int offset = 0;
        for (int mu = 0; mu < S; mu++)
        {
            var withOffsets = new List<(AceFunction F, int Offset)>();
            foreach (var f in p.Functions[mu]) { withOffsets.Add((f, offset)); offset += f.Ctildes.Length; }
            Rank1[mu] = new Rank1Functions([.. withOffsets.Where(x => x.F.Rank == 1)], BasisSize);
            Products[mu] = new ProductTerms([.. withOffsets.Where(x => x.F.Rank > 1)], RadialCount, LmCount);
        }
        CoefficientCount = offset;
        MaxProductSlots = Products.Select(pt => pt.FactorIndex.Length + pt.Count).DefaultIfEmpty(0).Max();
        MaxRank = p.Functions.SelectMany(f => f).Select(f => f.Rank).DefaultIfEmpty(1).Max();
    }

    public int S { get; }
    /// <summary>nradbase: global size of the raw radial basis g_k.</summary>
    public int BasisSize { get; }
    /// <summary>nradmax: global number of R_nl per l.</summary>
    public int RadialCount { get; }
    public int Lmax { get; }
    public int LmCount { get; }
    /// <summary>nradmax·(lmax+1): length of one R_nl block.</summary>
    public int NlCount { get; }
    public int MaxRank { get; }
    public int MaxDensityCount { get; }
    public int[] DensityCount { get; }
    public AceBond[,] Bonds { get; }
    /// <summary>"zbl" inner cutoff (one mode for all bonds, checked by the reader): φ_core is the ZBL pair term and the site energy is blended (<see cref="AceZbl"/>).</summary>
    public bool IsZbl { get; }
    /// <summary>Z per species, for the ZBL pair term (empty unless <see cref="IsZbl"/>).</summary>
    public int[] AtomicNumbers { get; }
    public AceRadialBasisKind[] Kinds { get; }
    /// <summary>crad[pair][k][n·(lmax+1)+l], zero beyond a bond's own sizes.</summary>
    public double[] CradT { get; }
    public Rank1Functions[] Rank1 { get; }
    /// <summary>crad in factored form when its pairmu rank is low, else null.</summary>
    public AceFactoredRadial? Factored { get; }
    /// <summary>Length of the flat c̃ vector (all functions of all species, file order).</summary>
    public int CoefficientCount { get; }
    public ProductTerms[] Products { get; }
    /// <summary>Largest factor count plus term count of one species' products: the per-term prefix cache size.</summary>
    public int MaxProductSlots { get; }

    /// <summary>Size of the A array: species × nradmax × lm.</summary>
    public int ACount => S * RadialCount * LmCount;

    public int AIndex(int mu, int n, int l, int m) => (mu * RadialCount + n) * LmCount + AceSphericalHarmonics.Index(l, m);

    /// <summary>Replaces crad of bond (a, b) from its [n][l][k] file layout.</summary>
    public void SetCrad(int a, int b, ReadOnlySpan<double> crad)
    {
        var bond = Bonds[a, b];
        var block = CradT.AsSpan((a * S + b) * BasisSize * NlCount, BasisSize * NlCount);
        block.Clear();
        for (int n = 0; n < bond.Nradmax; n++)
            for (int l = 0; l <= bond.Lmax; l++)
                for (int k = 0; k < bond.Nradbasemax; k++)
                    block[k * NlCount + n * (Lmax + 1) + l] = crad[(n * (bond.Lmax + 1) + l) * bond.Nradbasemax + k];
    }

    /// <summary>Rank-1 functions of one central species: ρ_p += c̃_p·A1[index] (ace-spec §2).</summary>
    public sealed class Rank1Functions
    {
        public Rank1Functions((AceFunction F, int Offset)[] functions, int basisSize)
        {
            Index = functions.Select(x => x.F.Mus[0] * basisSize + x.F.Ns[0] - 1).ToArray();
            Coefficients = functions.SelectMany(x => x.F.Ctildes).ToArray();
            CoefficientOffset = functions.Select(x => x.Offset).ToArray();
        }

        public int[] Index { get; }
        /// <summary>Position of c̃_{f,0} in the flat coefficient vector.</summary>
        public int[] CoefficientOffset { get; }
        /// <summary>[f][p].</summary>
        public double[] Coefficients { get; }
        public int Count => Index.Length;
    }

    /// <summary>
    /// Rank ≥ 2 terms (one per function and m-tuple) of one central species: ρ_p += c̃_p·Re Π_t z_t with
    /// z_t = A[index_t] for m_t ≥ 0 and (−1)^m·conj(A[index_t]) for m_t &lt; 0 (ace-spec §2).
    /// </summary>
    public sealed class ProductTerms
    {
        public ProductTerms((AceFunction F, int Offset)[] functions, int radialCount, int lmCount)
        {
            var offsets = new List<int>();
            var start = new List<int> { 0 };
            var index = new List<int>();
            var sign = new List<double>();
            var coeff = new List<double>();
            foreach (var (f, offset) in functions)
                for (int s = 0; s < f.MsCombinationCount; s++)
                {
                    offsets.Add(offset + s * f.DensityCount);
                    for (int t = 0; t < f.Rank; t++)
                    {
                        int m = f.MsCombs[s * f.Rank + t];
                        index.Add((f.Mus[t] * radialCount + f.Ns[t] - 1) * lmCount + AceSphericalHarmonics.Index(f.Ls[t], Math.Abs(m)));
                        // 0 marks a direct factor; ±1 is the (−1)^m of a mirrored one.
                        sign.Add(m >= 0 ? 0 : (m % 2 == 0 ? 1 : -1));
                    }
                    start.Add(index.Count);
                    coeff.AddRange(f.Ctildes.AsSpan(s * f.DensityCount, f.DensityCount).ToArray());
                }
            Start = start.ToArray();
            FactorIndex = index.ToArray();
            MirrorSign = sign.ToArray();
            // Branch-free form of the same: z = (MirrorRe·Re A, MirrorIm·Im A), (1, 1) direct, ((−1)^m, −(−1)^m) mirrored.
            MirrorRe = sign.Select(x => x == 0 ? 1.0 : x).ToArray();
            MirrorIm = sign.Select(x => x == 0 ? 1.0 : -x).ToArray();
            Coefficients = coeff.ToArray();
            CoefficientOffset = offsets.ToArray();
        }

        /// <summary>Position of c̃_{q,0} in the flat coefficient vector.</summary>
        public int[] CoefficientOffset { get; }

        /// <summary>Factors of term q are FactorIndex[Start[q] .. Start[q+1]−1].</summary>
        public int[] Start { get; }
        public int[] FactorIndex { get; }
        public double[] MirrorSign { get; }
        public double[] MirrorRe { get; }
        public double[] MirrorIm { get; }
        /// <summary>[q][p].</summary>
        public double[] Coefficients { get; }
        public int Count => Start.Length - 1;
    }
}
