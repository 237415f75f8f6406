using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Tests.Mtp;

/// <summary>Reference potentials used across the MTP tests (cached: parsing is not what these tests check).</summary>
public static class Potentials
{
    private static readonly Dictionary<string, MtpPotential> Cache = new();

    public static MtpPotential Load(params string[] relative)
    {
        var path = TestData.Path(relative);
        lock (Cache)
        {
            if (!Cache.TryGetValue(path, out var p)) Cache[path] = p = MtpFile.Read(path);
            return p;
        }
    }

    /// <summary>3-species level-10 potential (Au-Ag-Cu, MLIP-2 trained).</summary>
    public static MtpPotential Multi10 => Load("motep-mtp-oracle", "fitting", "crystals", "multi", "10", "pot.mtp");

    /// <summary>1-species level-16 potential (Cu).</summary>
    public static MtpPotential Cubic16 => Load("motep-mtp-oracle", "fitting", "crystals", "cubic", "16", "pot.mtp");

    /// <summary>3-species level-20 potential with the RBChebyshev_repuls basis (MLIP-3 self-test).</summary>
    public static MtpPotential Repulsive20 => Load("samples", "mlip-3", "test", "self-test", "PdAg_20g_str.mtp");
}
