using System.Numerics;
using LowRankMlip.Ace;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// InP_pot.yace (FitSNAP: linear ACE, crad = identity, "distance" inner cutoff, full ±m lists) against
/// a direct re-evaluation of ace-spec §2 written independently of the evaluator: closed-form PACE Y_lm
/// for l ≤ 2 (including negative m), A summed as complex numbers, ρ = Σ c̃·Re Π A with no ±m folding.
/// </summary>
public class InPReferenceTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void SiteEnergiesMatchTheDirectFormula(int seed)
    {
        var p = AcePotentials.InP;
        var cfg = RandomStructures.Rattled(ZincBlende(5.87), seed, 0.15);
        var result = new AceEvaluator(p).Evaluate(cfg);
        var nl = NeighborList.Build(cfg, p.MaxCutoff);
        double total = 0;
        for (int i = 0; i < cfg.AtomCount; i++)
        {
            double expected = DirectSiteEnergy(p, cfg, nl, i);
            Assert.Equal(expected, result.SiteEnergies[i], 1e-9 * Math.Max(1, Math.Abs(expected)));
            total += expected;
        }
        Assert.Equal(total, result.Energy, 1e-9 * Math.Abs(total));
    }

    /// <summary>Conventional zinc-blende cell: In (species 0) on fcc sites, P (species 1) shifted by a/4.</summary>
    internal static Configuration ZincBlende(double a)
    {
        double[][] fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
        var positions = fcc.SelectMany(f => f.Select(x => x * a)).Concat(fcc.SelectMany(f => f.Select(x => (x + 0.25) * a))).ToArray();
        return new Configuration(Cell.Periodic([a, 0, 0, 0, a, 0, 0, 0, a]), [0, 0, 0, 0, 1, 1, 1, 1], positions);
    }

    private static double DirectSiteEnergy(AcePotential p, Configuration cfg, NeighborList nl, int i)
    {
        int mui = cfg.Types[i];
        // A[(μ, n, l, m)] with R_nl = Σ_k crad g_k; A1[(μ, k)] = Σ g_k.
        var a = new Dictionary<(int, int, int, int), Complex>();
        var a1 = new Dictionary<(int, int), double>();
        for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
        {
            int muj = cfg.Types[nl.Indices[e]];
            var bond = p.Bonds[mui, muj];
            double x = nl.Vectors[3 * e], y = nl.Vectors[3 * e + 1], z = nl.Vectors[3 * e + 2];
            double r = Math.Sqrt(x * x + y * y + z * z);
            if (r >= bond.Rcut) continue;
            var g = new double[bond.Nradbasemax];
            AceRadialFunctions.Basis(bond, bond.BasisKind, r, g, new double[bond.Nradbasemax]);
            for (int k = 0; k < g.Length; k++) a1[(muj, k)] = a1.GetValueOrDefault((muj, k)) + g[k];
            for (int n = 0; n < bond.Nradmax; n++)
                for (int l = 0; l <= bond.Lmax; l++)
                {
                    double rnl = 0;
                    for (int k = 0; k < bond.Nradbasemax; k++) rnl += bond.Crad(n, l, k) * g[k];
                    for (int m = -l; m <= l; m++)
                        a[(muj, n, l, m)] = a.GetValueOrDefault((muj, n, l, m)) + rnl * Ylm(l, m, x / r, y / r, z / r);
                }
        }
        var rho = new double[p.Embeddings[mui].DensityCount];
        foreach (var f in p.Functions[mui])
            for (int s = 0; s < f.MsCombinationCount; s++)
            {
                double value;
                if (f.Rank == 1) value = a1.GetValueOrDefault((f.Mus[0], f.Ns[0] - 1));
                else
                {
                    Complex product = 1;
                    for (int t = 0; t < f.Rank; t++) product *= a.GetValueOrDefault((f.Mus[t], f.Ns[t] - 1, f.Ls[t], f.MsCombs[s * f.Rank + t]));
                    value = product.Real;
                }
                for (int d = 0; d < rho.Length; d++) rho[d] += f.Ctildes[s * f.DensityCount + d] * value;
            }
        // Both InP embeddings are FinnisSinclair with m = 1, i.e. F = Σ w·ρ.
        Assert.All(Enumerable.Range(0, rho.Length), d => Assert.Equal(1.0, p.Embeddings[mui].Exponent(d)));
        return rho.Select((x, d) => p.Embeddings[mui].Weight(d) * x).Sum() + p.E0[mui];
    }

    /// <summary>√(4π)·Y_lm (Condon–Shortley) in closed form for l ≤ 2; Y_{l,−m} = (−1)^m conj(Y_lm).</summary>
    private static Complex Ylm(int l, int m, double x, double y, double z)
    {
        if (m < 0) return (m % 2 == 0 ? 1 : -1) * Complex.Conjugate(Ylm(l, -m, x, y, z));
        var q = new Complex(x, y);
        return (l, m) switch
        {
            (0, 0) => 1,
            (1, 0) => Math.Sqrt(3) * z,
            (1, 1) => -Math.Sqrt(1.5) * q,
            (2, 0) => Math.Sqrt(5) / 2 * (3 * z * z - 1),
            (2, 1) => -Math.Sqrt(7.5) * z * q,
            (2, 2) => Math.Sqrt(15.0 / 8) * q * q,
            _ => throw new ArgumentOutOfRangeException(nameof(l), "closed forms cover l ≤ 2"),
        };
    }
}
