using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Tests.Mtp;

/// <summary>
/// Every potential with an MLIP-computed out.cfg (motep-mtp-oracle, samples/motep) reproduces MLIP's
/// energies, forces and virials to the printed precision (mtp-spec §12 step 2).
/// </summary>
public class OracleTests
{
    public static TheoryData<string> OracleDirectories()
    {
        var data = new TheoryData<string>();
        foreach (var root in new[] { TestData.Path("motep-mtp-oracle", "fitting"), TestData.Path("samples", "motep", "tests", "data_path", "fitting") })
            foreach (var outCfg in Directory.EnumerateFiles(root, "out.cfg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(Path.GetDirectoryName(outCfg)!, "pot.mtp")))
                    data.Add(Path.GetRelativePath(TestData.Root, Path.GetDirectoryName(outCfg)!));
        return data;
    }

    [Fact]
    public void AllOracleDirectoriesAreFound() => Assert.True(OracleDirectories().Count >= 25, $"found {OracleDirectories().Count}");

    [Theory]
    [MemberData(nameof(OracleDirectories))]
    public void ReproducesMlipEnergiesForcesAndVirials(string directory)
    {
        var dir = Path.Combine(TestData.Root, directory);
        var evaluator = new MtpEvaluator(MtpFile.Read(Path.Combine(dir, "pot.mtp")));
        var ws = evaluator.CreateWorkspace();
        var result = new EfsResult();
        double maxE = 0, maxF = 0, maxW = 0;
        int count = 0;
        foreach (var cfg in CfgReader.Read(Path.Combine(dir, "out.cfg")))
        {
            evaluator.Evaluate(cfg, NeighborList.Build(cfg, evaluator.Cutoff), ws, result);
            maxE = Math.Max(maxE, Math.Abs(result.Energy - cfg.Energy!.Value));
            for (int k = 0; k < 3 * cfg.AtomCount; k++) maxF = Math.Max(maxF, Math.Abs(result.Forces[k] - cfg.Forces![k]));
            if (cfg.Virial is { } w)
            {
                var ours = result.VirialMlipOrder();
                for (int k = 0; k < 6; k++) maxW = Math.Max(maxW, Math.Abs(ours[k] - w[k]));
            }
            count++;
        }
        Assert.True(count > 0);
        Assert.True(maxE <= 1e-7, $"max |ΔE| = {maxE:E3} eV over {count} configurations");
        Assert.True(maxF <= 2e-6, $"max |ΔF| = {maxF:E3} eV/Å");
        Assert.True(maxW <= 2e-5, $"max |ΔW| = {maxW:E3} eV");
    }

    [Fact]
    public void Mlip3CalculateEfsOutputsAreReproduced()
    {
        // generated/mlip-3-build: MLIP-3's own calculate_efs with potentials MLIP-3 trained.
        foreach (var (pot, efs) in new[] { ("cubic100_08_trained.almtp", "cubic100_08_efs.cfg"), ("multi100_08_trained.almtp", "multi100_08_efs.cfg") })
        {
            var evaluator = new MtpEvaluator(MtpFile.Read(TestData.Path("generated", "mlip-3-build", pot)));
            foreach (var cfg in CfgReader.Read(TestData.Path("generated", "mlip-3-build", efs)))
            {
                var r = evaluator.Evaluate(cfg);
                Assert.True(Math.Abs(r.Energy - cfg.Energy!.Value) <= 1e-7, $"{efs}: ΔE = {r.Energy - cfg.Energy!.Value:E3}");
                for (int k = 0; k < 3 * cfg.AtomCount; k++) Assert.True(Math.Abs(r.Forces[k] - cfg.Forces![k]) <= 2e-6, $"{efs}: ΔF");
                var w = r.VirialMlipOrder();
                for (int k = 0; k < 6; k++) Assert.True(Math.Abs(w[k] - cfg.Virial![k]) <= 2e-5, $"{efs}: ΔW");
            }
        }
    }

    [Fact]
    public void AbsoluteAtomicNumberTypesEvaluateLikeRelativeOnes()
    {
        // learned_abs.mtp numbers its species 11 and 17 (headers "11-11"); configurations use those types.
        var pot = MtpFile.Read(TestData.Path("samples", "mlip-3", "test", "self-test", "learned_abs.mtp"));
        Assert.Equal([11, 17], pot.SpeciesTypes);
        var relative = pot.Clone();
        relative.SpeciesTypes = [0, 1];
        var cfg = RandomStructures.Triclinic(7, 12, 2, edge: 7, minDistance: 2.2);
        var absolute = new Configuration(cfg.Cell, cfg.Types.Select(t => t == 0 ? 11 : 17).ToArray(), cfg.Positions);
        var a = new MtpEvaluator(pot).Evaluate(absolute);
        var b = new MtpEvaluator(relative).Evaluate(cfg);
        Assert.Equal(b.Energy, a.Energy);
        Assert.Throws<ArgumentException>(() => new MtpEvaluator(pot).Evaluate(cfg)); // type 0 is not a species of the file
    }
}
