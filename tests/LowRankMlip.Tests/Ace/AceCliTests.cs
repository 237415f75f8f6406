using System.Text.Json;
using LowRankMlip.Ace;
using LowRankMlip.Io;

namespace LowRankMlip.Tests.Ace;

/// <summary>calc-efs, calc-errors, info and bench with a .yace potential, in-process.</summary>
public sealed class AceCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrmlip-ace-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static List<Configuration> Structures() => [.. Enumerable.Range(0, 3).Select(s => AceVariants.Structure("AlNi", 40 + s))];

    [Fact]
    public void CalcEfsMatchesTheEvaluatorForCfgAndExtXyz()
    {
        var data = Structures();
        string cfgPath = Path.Combine(_dir, "in.cfg"), xyzPath = Path.Combine(_dir, "in.xyz");
        CfgWriter.WriteAll(cfgPath, data, CfgPrecision.Lossless);
        // extxyz names elements: atom type t is elements[t] of the potential.
        using (var sink = ConfigurationFiles.OpenWriter(xyzPath))
        {
            foreach (var c in data)
            {
                var named = new Configuration(c.Cell, (int[])c.Types.Clone(), c.Positions) { Symbols = c.Types.Select(t => AcePotentials.AlNi.Elements[t]).ToArray() };
                sink.Write(named);
            }
            sink.Commit();
        }
        var ev = new AceEvaluator(AcePotentials.AlNi);
        foreach (var input in new[] { cfgPath, xyzPath })
        {
            string outPath = Path.Combine(_dir, "out.cfg");
            var (code, _, err) = Run("calc-efs", AcePotentials.AlNiPath, input, outPath, "--threads", "2", "--lossless");
            Assert.True(code == 0, err);
            var outputs = CfgReader.Read(outPath).ToList();
            Assert.Equal(data.Count, outputs.Count);
            for (int k = 0; k < data.Count; k++)
            {
                var expected = ev.Evaluate(data[k]);
                Assert.Equal(expected.Energy, outputs[k].Energy!.Value, 1e-9);
                Assert.Equal(expected.ForcesCopy(), outputs[k].Forces!, new ToleranceComparer(1e-9));
                Assert.Equal(expected.VirialMlipOrder(), outputs[k].Virial!, new ToleranceComparer(1e-9));
                Assert.StartsWith("PACE", outputs[k].GetFeature("EFS_by"));
            }
        }
    }

    [Fact]
    public void CalcErrorsOfThePotentialOnItsOwnLabelsIsZero()
    {
        var ev = new AceEvaluator(AcePotentials.AlNi);
        var data = Structures();
        foreach (var c in data)
        {
            var r = ev.Evaluate(c);
            c.Energy = r.Energy; c.Forces = r.ForcesCopy(); c.Virial = r.VirialMlipOrder();
        }
        string path = Path.Combine(_dir, "labelled.cfg");
        CfgWriter.WriteAll(path, data, CfgPrecision.Lossless);
        var (code, stdout, err) = Run("calc-errors", AcePotentials.AlNiPath, path, "--json", "--threads", "2");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, json.GetProperty("configurations").GetInt32());
        Assert.True(json.GetProperty("energy_rmse_per_atom").GetDouble() < 1e-9);
        Assert.True(json.GetProperty("force_rmse_component").GetDouble() < 1e-9);
    }

    [Fact]
    public void InfoAndBenchDescribeTheAcePotential()
    {
        var (code, stdout, err) = Run("info", AcePotentials.InPPath);
        Assert.True(code == 0, err);
        Assert.Contains("elements:           0 = In, 1 = P", stdout);
        Assert.Contains("radial crad         5808", stdout); // 4 bonds × 22·3·22
        Assert.Contains("inner cutoff distance", stdout);
        Assert.Contains("evaluation:         latent mu-view evaluation of rank 3 (nradmax 22)", stdout);
        string path = Path.Combine(_dir, "bench.cfg");
        CfgWriter.WriteAll(path, Structures());
        (code, stdout, err) = Run("bench", AcePotentials.AlNiPath, path, "--threads", "1", "--repeat", "1", "--json");
        Assert.True(code == 0, err);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.True(report.GetProperty("us_per_atom").GetDouble() > 0);
        Assert.True(report.GetProperty("cpu_us_per_atom").GetDouble() > 0);
        Assert.Equal(0, report.GetProperty("latent_rank").GetInt32()); // Al-Ni: rank 2 = nradmax, dense path
        Assert.Contains("dense (n, l) evaluation", report.GetProperty("evaluation_path").GetString());
    }

    [Fact]
    public void AceSampleThenCompressWritesAValidYace()
    {
        string reference = Path.Combine(_dir, "ref.cfg"), output = Path.Combine(_dir, "alni-r2.yace");
        var (code, _, err) = Run("ace-sample", AcePotentials.AlNiPath, reference, "--lattice", "fcc", "--a", "4.05", "--count", "3", "--seed", "4");
        Assert.True(code == 0, err);
        var labelled = CfgReader.Read(reference).ToList();
        Assert.Equal(3, labelled.Count);
        Assert.Equal(new AceEvaluator(AcePotentials.AlNi).Evaluate(labelled[0]).Energy, labelled[0].Energy!.Value, 1e-9);
        string stdout;
        (code, stdout, err) = Run("compress", AcePotentials.AlNiPath, reference, "--method", "svd", "--unfolding", "pairmu", "--rank", "2", "--save-to", output, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("of 48 padded crad entries (17 in the file, 10 live)", stdout);
        // Rank 2 is the full pairmu rank: the written potential reproduces the reference energies.
        var compressed = YaceFile.Read(output);
        Assert.Equal(labelled[1].Energy!.Value, new AceEvaluator(compressed).Evaluate(labelled[1]).Energy, 1e-8);
        (code, _, err) = Run("compress", AcePotentials.AlNiPath, reference, "--method", "svd", "--rank", "1", "--fit-ctilde", "--save-to", output);
        Assert.NotEqual(0, code);
        Assert.Contains("--fit-ctilde needs a fitting method", err);
    }

    [Fact]
    public void UnsupportedYaceGivesOneLineErrorNamingTheKey()
    {
        string bad = Path.Combine(_dir, "bad.yace");
        File.WriteAllText(bad, File.ReadAllText(AcePotentials.AlNiPath).Replace("radbasename: ChebPow", "radbasename: ACE.jl.base"));
        var (code, _, err) = Run("info", bad);
        Assert.NotEqual(0, code);
        Assert.Contains("bonds.[1, 1].radbasename", err);
        Assert.Contains("bad.yace", err);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double x) => 0;
    }
}
