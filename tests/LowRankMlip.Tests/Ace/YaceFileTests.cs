using LowRankMlip.Ace;
using LowRankMlip.Io;

namespace LowRankMlip.Tests.Ace;

/// <summary>.yace reading, writing and the round trip (ace-spec §9).</summary>
public class YaceFileTests
{
    [Fact]
    public void ReadsAlNiShapesAndOptions()
    {
        var p = AcePotentials.AlNi;
        Assert.Equal(["Al", "Ni"], p.Elements);
        Assert.Equal(AceEmbeddingKind.FinnisSinclair, p.Embeddings[0].Kind);
        Assert.Equal(AceEmbeddingKind.FinnisSinclairShiftedScaled, p.Embeddings[1].Kind);
        Assert.Equal([1.0, 1, 1, 0.5], p.Embeddings[1].FsParameters);
        var b01 = p.Bonds[0, 1];
        Assert.Equal((2, 1, 1), (b01.Nradmax, b01.Lmax, b01.Nradbasemax));
        Assert.Equal(3.2000000000000002, b01.RadParameters[0]);
        Assert.Equal(2.5167897981916529, b01.Crad(1, 1, 0));
        Assert.Equal(AceRadialBasisKind.ChebPow, p.Bonds[1, 1].BasisKind);
        Assert.Equal(AceInnerCutoffKind.Density, b01.InnerCutoff);
        Assert.Null(b01.InnerCutoffType);
        Assert.Equal(8.75, p.MaxCutoff);
        var f = p.Functions[0][7];
        Assert.Equal((4, 3), (f.Rank, f.MsCombinationCount));
        Assert.Equal([-1, -1, 1, 1, -1, 0, 0, 1, 0, 0, 0, 0], f.MsCombs);
    }

    [Fact]
    public void ReadsInPDistanceCutoffAndFullMsLists()
    {
        var p = AcePotentials.InP;
        Assert.Equal(["In", "P"], p.Elements);
        var b = p.Bonds[1, 0];
        Assert.Equal(AceInnerCutoffKind.Distance, b.InnerCutoff);
        Assert.Equal((22, 2, 22), (b.Nradmax, b.Lmax, b.Nradbasemax));
        Assert.Equal(1.0, b.Crad(5, 2, 5));
        Assert.Equal(0.0, b.Crad(5, 2, 4));
        Assert.Equal(173, p.Functions[0].Length);
        Assert.Equal(44, p.Functions[1].Count(fn => fn.Rank == 1));
    }

    [Theory]
    [InlineData("Al-Ni_opt_all.yace")]
    [InlineData("InP_pot.yace")]
    [InlineData("InP_coupling_coefficients.yace")]
    public void RoundTripIsExact(string name)
    {
        var original = YaceFile.Read(TestData.Path("ace", name));
        string text = YaceFile.ToText(original);
        var back = YaceFile.Parse(text, name);
        AssertSame(original, back);
        Assert.Equal(text, YaceFile.ToText(back));
    }

    [Fact]
    public void WriteIsAtomicAndReadable()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-yace").FullName;
        try
        {
            string path = Path.Combine(dir, "copy.yace");
            YaceFile.Write(path, AcePotentials.AlNi);
            AssertSame(AcePotentials.AlNi, YaceFile.Read(path));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("radbasename: ChebExpCos", "radbasename: ACE.jl.base", "radbasename")]
    [InlineData("npoti: FinnisSinclair,", "npoti: Morse,", "npoti")]
    [InlineData("lmax: 2, nradbasemax: 2, radbasename", "lmax: 2, nradbasemax: 2, zbl_rep: 1, radbasename", "zbl_rep")]
    [InlineData("dcut: 0.01}\n  [0, 1]", "dcut: 0.01, inner_cutoff_type: soft}\n  [0, 1]", "inner_cutoff_type")]
    [InlineData("dcut: 0.01}\n  [0, 1]", "dcut: 0.01, inner_cutoff_type: zbl}\n  [0, 1]", "rcut_in and dcut_in")]
    [InlineData("dcut: 0.01}\n  [0, 1]", "dcut: 0.01, rcut_in: 2.6, dcut_in: 0.5, inner_cutoff_type: zbl}\n  [0, 1]", "every bond")]
    [InlineData("ns: [2], ls: [0]", "ns: [3], ls: [0]", "ns[0]")]
    [InlineData("ns: [1, 1], ls: [1, 1], ms_combs: [0, 0, 1, -1]", "ns: [1, 1], ls: [1, 1], ms_combs: [0, 0, 1]", "ms_combs")]
    [InlineData("[1, 1]: {", "[1, 3]: {", "bonds")]
    public void UnsupportedOrMalformedInputNamesTheKey(string find, string replace, string key)
    {
        string text = File.ReadAllText(AcePotentials.AlNiPath);
        Assert.Contains(find, text);
        var e = Assert.Throws<InputFormatException>(() => YaceFile.Parse(ReplaceFirst(text, find, replace), "bad.yace"));
        Assert.Contains(key, e.Message);
        Assert.StartsWith("bad.yace:", e.Message);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }

    internal static void AssertSame(AcePotential a, AcePotential b)
    {
        Assert.Equal(a.Elements, b.Elements);
        Assert.Equal(a.E0, b.E0);
        Assert.Equal(a.DeltaSplineBins, b.DeltaSplineBins);
        for (int mu = 0; mu < a.SpeciesCount; mu++)
        {
            var (ea, eb) = (a.Embeddings[mu], b.Embeddings[mu]);
            Assert.Equal((ea.DensityCount, ea.Kind, ea.RhoCoreCutoff, ea.DrhoCoreCutoff), (eb.DensityCount, eb.Kind, eb.RhoCoreCutoff, eb.DrhoCoreCutoff));
            Assert.Equal(ea.FsParameters, eb.FsParameters);
            for (int nu = 0; nu < a.SpeciesCount; nu++)
            {
                var (x, y) = (a.Bonds[mu, nu], b.Bonds[mu, nu]);
                Assert.Equal((x.Nradmax, x.Lmax, x.Nradbasemax, x.RadBaseName, x.Prehc, x.Lambdahc, x.Rcut, x.Dcut, x.RcutIn, x.DcutIn, x.InnerCutoffType),
                    (y.Nradmax, y.Lmax, y.Nradbasemax, y.RadBaseName, y.Prehc, y.Lambdahc, y.Rcut, y.Dcut, y.RcutIn, y.DcutIn, y.InnerCutoffType));
                Assert.Equal(x.RadParameters, y.RadParameters);
                Assert.Equal(x.RadCoefficients, y.RadCoefficients);
            }
            Assert.Equal(a.Functions[mu].Length, b.Functions[mu].Length);
            for (int f = 0; f < a.Functions[mu].Length; f++)
            {
                var (fa, fb) = (a.Functions[mu][f], b.Functions[mu][f]);
                Assert.Equal((fa.Mu0, fa.Rank, fa.DensityCount, fa.MsCombinationCount), (fb.Mu0, fb.Rank, fb.DensityCount, fb.MsCombinationCount));
                Assert.Equal(fa.Mus, fb.Mus); Assert.Equal(fa.Ns, fb.Ns); Assert.Equal(fa.Ls, fb.Ls); Assert.Equal(fa.MsCombs, fb.MsCombs);
                Assert.Equal(fa.Ctildes, fb.Ctildes);
            }
        }
    }
}
