using LowRankMlip.Compression;
using LowRankMlip.Io;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Tests.Mtp;

namespace LowRankMlip.Tests.Compression;

/// <summary>A small real problem: the 3-species level-10 Au-Ag-Cu MTP (MLIP-2 trained) and configurations of its training set.</summary>
internal static class CompressionFixtures
{
    public static MtpPotential Potential => Potentials.Multi10;

    public static RadialShape Shape(MtpPotential p) => new(p.SpeciesCount, p.RadialFunctionCount, p.RadialBasisSize);

    public static List<Configuration> Data(int count, int skip = 0) =>
        CfgReader.Read(TestData.Path("generated", "mlip-3-build", "multi100.cfg")).Skip(skip).Take(count).ToList();

    /// <summary>One compressed form of the potential per factorization kind.</summary>
    public static IEnumerable<(string Name, CompressionMethod Method, CompressedRadial Radial)> EveryKind(MtpPotential p)
    {
        var shape = Shape(p);
        var c = p.RadialCoeffs!;
        var mf = new FactoredMatrix(shape, RadialView.Pairs, 3);
        yield return ("mf pairs r3", CompressionMethod.Mf, CompressedRadial.FromFactored(mf, mf.FromTruncatedSvd(c)));
        foreach (var view in new[] { RadialView.Pairs, RadialView.PairMu, RadialView.Mu, RadialView.Center })
        {
            var m = new FixedRankManifold(shape, view, 2);
            yield return ($"svd {RadialViews.Name(view)} r2", CompressionMethod.Svd, CompressedRadial.FromPoint(m, m.Truncate(c)));
        }
        var tucker = new TuckerManifold(shape, RadialView.Tensor3, [4, 2, 5]);
        yield return ("tucker tensor3", CompressionMethod.Tucker, CompressedRadial.FromPoint(tucker, tucker.Truncate(c)));
        var tt = new TensorTrainManifold(shape, RadialView.Tensor4, [2, 4, 5]);
        yield return ("tt tensor4", CompressionMethod.Tt, CompressedRadial.FromPoint(tt, tt.Truncate(c)));
    }
}
