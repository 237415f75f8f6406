using LowRankMlip.Ace;

namespace LowRankMlip.Tests.Ace;

/// <summary>The reference <c>.yace</c> files of shared/reference-data/ace, read once.</summary>
internal static class AcePotentials
{
    public static string AlNiPath => TestData.Path("ace", "Al-Ni_opt_all.yace");
    public static string InPPath => TestData.Path("ace", "InP_pot.yace");

    private static readonly Lazy<AcePotential> _alNi = new(() => YaceFile.Read(AlNiPath));
    private static readonly Lazy<AcePotential> _inP = new(() => YaceFile.Read(InPPath));

    public static AcePotential AlNi => _alNi.Value;
    public static AcePotential InP => _inP.Value;
}
