namespace LowRankMlip.Mtp.Templates;

/// <summary>
/// Builds the untrained MTP template of a level without MLIP's files (mtp-spec §4.4): every linearly
/// independent scalar contraction of at most four moment tensors M_{μ,ν} with level ≤ L, where
/// lev(M_{μ,ν}) = 2 + 4μ + ν and levels add over products; μ ≤ 5, ν ≤ 10.
/// <para>
/// Contractions are built as binary trees in which one factor is always contracted over all of its indices
/// into the other (A ⊙ B, rank(B) ≤ rank(A)), so every intermediate stays a symmetric tensor stored by its
/// distinct components and compiles to alpha_index_times rows with multinomial weights. Trees are
/// enumerated cheapest first; tensors computed twice are recognised numerically on random neighbourhoods
/// (<see cref="MomentSamples"/>), and a scalar is kept only when it is linearly independent of the ones
/// kept before it. Contractions whose index graph has a cycle through three or more tensors (e.g. tr(ABC)
/// of three rank-2 moments, level ≥ 12) are not of this form, so the generator serves the levels on which
/// it reproduces MLIP's templates exactly — checked function by function in the tests — and refuses others.
/// </para>
/// </summary>
public static class MtpTemplateGenerator
{
    /// <summary>Levels whose generated basis equals MLIP-3's template function for function (tests).</summary>
    public static readonly int[] SupportedLevels = [2, 4, 6, 8, 10];

    private const int MaxFactors = 4, MaxMu = 5, MaxNu = 10, SampleCount = 400, SampleNeighbours = 5, SampleSeed = 20260523;

    /// <summary>An untrained template (one species, RBChebyshev on [2, 5] Å with 8 basis functions, as MLIP's files).</summary>
    public static MtpPotential Template(int level)
    {
        var basis = Basis(level, out int radialFunctions);
        return new MtpPotential
        {
            PotentialName = "MTP1m",
            BasisKind = RadialBasisKind.RBChebyshev,
            MinDist = 2,
            MaxDist = 5,
            RadialBasisSize = 8,
            RadialFunctionCount = radialFunctions,
            Basis = basis,
            SpeciesCount = 1,
        };
    }

    /// <summary>The moment basis of level <paramref name="level"/> and its number of radial functions K (max μ + 1).</summary>
    public static MtpBasis Basis(int level, out int radialFunctions)
    {
        if (!SupportedLevels.Contains(level))
            throw new ArgumentException($"level {level} cannot be generated (supported: {string.Join(", ", SupportedLevels)}); use MLIP's untrained_mtps/{level:00}.almtp");
        var samples = new MomentSamples(SampleCount, SampleNeighbours, MaxMu + 1, SampleSeed);
        var pools = Enumerate(level, samples);
        var selected = SelectIndependentScalars(pools.SelectMany(p => p).Where(n => n.Rank == 0), samples.Count);
        return Compile(selected, out radialFunctions);
    }

    /// <summary>A moment tensor: basic M_{μ,ν} or the contraction of all indices of <see cref="B"/> into <see cref="A"/>.</summary>
    private sealed class Node
    {
        public required int Level, Rank, Factors, Cost;
        public int Mu = -1;
        public Node? A, B;
        public required double[][] Values; // [component][sample]
        public int Index = -1;              // moment index of component 0 once compiled
        public int Order;                   // creation order: ties among equally cheap trees go to the first
    }

    /// <summary>pools[f − 1] = distinct tensors built from f basic moments that can still end in a scalar of level ≤ L.</summary>
    private static List<Node>[] Enumerate(int level, MomentSamples samples)
    {
        var pools = new List<Node>[MaxFactors];
        for (int f = 0; f < MaxFactors; f++) pools[f] = [];
        int order = 0;
        for (int mu = 0; mu <= MaxMu; mu++)
            for (int nu = 0; nu <= MaxNu; nu++)
            {
                int lev = 2 + 4 * mu + nu;
                if (!Completable(lev, nu, 1, level)) continue;
                var values = SymmetricComponents.Of(nu).Select(c => samples.Basic(mu, c.X, c.Y, c.Z)).ToArray();
                pools[0].Add(new Node { Level = lev, Rank = nu, Factors = 1, Cost = 0, Mu = mu, Values = values, Order = order++ });
            }
        for (int f = 2; f <= MaxFactors; f++)
        {
            var candidates = new List<Node>();
            for (int fa = f - 1; fa >= 1; fa--)
                foreach (var a in pools[fa - 1])
                    foreach (var b in pools[f - fa - 1])
                    {
                        if (b.Rank > a.Rank || a.Level + b.Level > level) continue;
                        int rank = a.Rank - b.Rank, lev = a.Level + b.Level;
                        if (!Completable(lev, rank, f, level)) continue;
                        candidates.Add(Contract(a, b, samples.Count, order++));
                    }
            foreach (var node in candidates.OrderBy(n => n.Cost).ThenBy(n => n.Order))
                if (!pools.Any(pool => pool.Any(other => SameTensor(other, node)))) pools[f - 1].Add(node);
        }
        return pools;
    }

    /// <summary>A rank-ν tensor of level ℓ from f factors can still become a scalar of level ≤ L: the cheapest completion is M_{0,ν}.</summary>
    private static bool Completable(int lev, int rank, int factors, int level) =>
        rank == 0 ? lev <= level : lev + 2 + rank <= level && factors < MaxFactors && rank <= MaxNu;

    /// <summary>(A ⊙ B)_k = Σ_j mult(j)·A_{k+j}·B_j over the distinct components j of B (mtp-spec §4.2 weights).</summary>
    private static Node Contract(Node a, Node b, int sampleCount, int order)
    {
        int rank = a.Rank - b.Rank;
        var result = SymmetricComponents.Of(rank);
        var inner = SymmetricComponents.Of(b.Rank);
        var values = new double[result.Length][];
        for (int k = 0; k < result.Length; k++)
        {
            var v = values[k] = new double[sampleCount];
            foreach (var (j, jIndex) in inner.Select((c, i) => (c, i)))
            {
                var av = a.Values[SymmetricComponents.IndexOf(result[k].X + j.X, result[k].Y + j.Y, result[k].Z + j.Z)];
                var bv = b.Values[jIndex];
                double w = SymmetricComponents.Multiplicity(j.X, j.Y, j.Z);
                for (int s = 0; s < sampleCount; s++) v[s] += w * av[s] * bv[s];
            }
        }
        int rows = result.Length * inner.Length;
        return new Node { Level = a.Level + b.Level, Rank = rank, Factors = a.Factors + b.Factors, Cost = a.Cost + b.Cost + rows, A = a, B = b, Values = values, Order = order };
    }

    private static bool SameTensor(Node x, Node y)
    {
        if (x.Rank != y.Rank || x.Level != y.Level) return false;
        for (int c = 0; c < x.Values.Length; c++)
            for (int s = 0; s < x.Values[c].Length; s++)
            {
                double p = x.Values[c][s], q = y.Values[c][s];
                if (Math.Abs(p - q) > 1e-9 * (1 + Math.Abs(p))) return false;
            }
        return true;
    }

    /// <summary>Scalars by (level, factors, cost), kept when not in the span of the ones kept before (Gram–Schmidt on the samples).</summary>
    private static List<Node> SelectIndependentScalars(IEnumerable<Node> scalars, int sampleCount)
    {
        var kept = new List<Node>();
        var orthonormal = new List<double[]>();
        foreach (var node in scalars.OrderBy(n => n.Level).ThenBy(n => n.Factors).ThenBy(n => n.Cost).ThenBy(n => n.Order))
        {
            var r = (double[])node.Values[0].Clone();
            double norm0 = Norm(r);
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in orthonormal)
                {
                    double d = 0;
                    for (int s = 0; s < sampleCount; s++) d += q[s] * r[s];
                    for (int s = 0; s < sampleCount; s++) r[s] -= d * q[s];
                }
            double norm = Norm(r);
            if (norm <= 1e-8 * norm0) continue;
            for (int s = 0; s < sampleCount; s++) r[s] /= norm;
            orthonormal.Add(r);
            kept.Add(node);
        }
        return kept;
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    /// <summary>alpha_index_basic (used basic moments by μ, ν, component), derived moments in dependency order, mapping.</summary>
    private static MtpBasis Compile(List<Node> scalars, out int radialFunctions)
    {
        var used = new HashSet<Node>();
        void Collect(Node n) { if (!used.Add(n)) return; if (n.A is not null) { Collect(n.A); Collect(n.B!); } }
        scalars.ForEach(Collect);
        var basic = new List<int>();
        int index = 0;
        foreach (var node in used.Where(n => n.Mu >= 0).OrderBy(n => n.Mu).ThenBy(n => n.Rank))
        {
            node.Index = index;
            foreach (var c in SymmetricComponents.Of(node.Rank)) basic.AddRange([node.Mu, c.X, c.Y, c.Z]);
            index += SymmetricComponents.Count(node.Rank);
        }
        radialFunctions = used.Where(n => n.Mu >= 0).Max(n => n.Mu) + 1;
        var times = new List<int>();
        void Emit(Node n)
        {
            if (n.Index >= 0) return;
            Emit(n.A!); Emit(n.B!);
            n.Index = index;
            var result = SymmetricComponents.Of(n.Rank);
            var inner = SymmetricComponents.Of(n.B!.Rank);
            for (int k = 0; k < result.Length; k++)
                for (int j = 0; j < inner.Length; j++)
                    times.AddRange([n.B.Index + j, n.A!.Index + SymmetricComponents.IndexOf(result[k].X + inner[j].X, result[k].Y + inner[j].Y, result[k].Z + inner[j].Z),
                        SymmetricComponents.Multiplicity(inner[j].X, inner[j].Y, inner[j].Z), index + k]);
            index += result.Length;
        }
        scalars.ForEach(Emit);
        var basis = new MtpBasis(index, [.. basic], [.. times], [.. scalars.Select(n => n.Index)]);
        if (basis.Validate(radialFunctions) is { } problem) throw new InvalidOperationException($"generated basis is invalid: {problem}");
        return basis;
    }
}
