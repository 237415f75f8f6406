using LowRankMlip.Io;
using LowRankMlip.Simulation.Analysis;

namespace LowRankMlip.Tests.Simulation;

/// <summary>lrmlip generate and lrmlip md end to end on tiny cells (in-process), and their input errors.</summary>
public class SimulationCliTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LowRankMlip.Cli.Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static readonly string[] FastTeacher = ["--cutoff", "6", "--coulomb", "dsf"];

    [Fact]
    public void GenerateWritesLabelledFramesReadableByTheCfgReader()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-gen-").FullName;
        try
        {
            string outPath = Path.Combine(dir, "flinak.cfg");
            var (code, stdout, stderr) = Run(["generate", "flinak", "--atoms", "40", "--temperatures", "1000", "--densities", "1.6,1.8", "--frames", "4",
                "--seed", "3", "--melt-ps", "0.03", "--equilibrate-ps", "0.03", "--interval-fs", "5", "--out", outPath, .. FastTeacher]);
            Assert.True(code == 0, stderr);
            Assert.Contains("4 frames", stdout);
            var frames = CfgReader.Read(outPath).ToList();
            Assert.Equal(4, frames.Count);
            Assert.All(frames, f => Assert.True(f.HasEnergy && f.HasForces && f.HasVirial));
            Assert.Equal(["1.6000", "1.6000", "1.8000", "1.8000"], frames.Select(f => f.GetFeature("density_g_cm3")));
            Assert.Equal("TosiFumi-SetP-core-dsf-0.25-rc6", frames[0].GetFeature("teacher"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("--densities", "1.7,abc", "--densities expects a comma-separated list of positive numbers")]
    [InlineData("--atoms", "41", "even number of ions")]
    [InlineData("--coulomb", "pppm", "--coulomb expects ewald or dsf")]
    public void GenerateRejectsBadOptionsClearly(string option, string value, string message)
    {
        var (code, _, stderr) = Run("generate", "flinak", option, value, "--out", Path.Combine(Path.GetTempPath(), "never.cfg"));
        Assert.NotEqual(0, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void MdWritesTheDensityTableAndPlotAndResumes()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-md-").FullName;
        try
        {
            string[] common = ["md", "teacher", "--temperatures", "1100", "--atoms", "40", "--melt-ps", "0.02", "--equilibrate-ps", "0.02",
                "--production-ps", "0.1", "--log-every", "5", "--tau-p-fs", "200", "--thermostat", "langevin", "--tau-t-fs", "20", "--trajectory-every", "20", "--seed", "4", "--out", dir, .. FastTeacher];
            var (code, stdout, stderr) = Run(common);
            Assert.True(code == 0, stderr);
            var rows = DensityTable.Read(Path.Combine(dir, "density.csv"));
            var row = Assert.Single(rows);
            Assert.Equal(("teacher", 1100.0), (row.Model, row.TemperatureK));
            Assert.InRange(row.Density, 1.0, 3.0);
            Assert.True(row.StandardError > 0);
            Assert.True(new FileInfo(Path.Combine(dir, "density.png")).Length > 1000);
            Assert.True(File.Exists(Path.Combine(dir, "teacher-1100K.chk")));
            Assert.Contains("density", stdout);
            var frames = ExtXyzReader.Read(Path.Combine(dir, "teacher-1100K.extxyz")).ToList();
            Assert.Equal(5, frames.Count); // 100 production steps, one frame every 20
            Assert.All(frames, f => Assert.True(f.HasEnergy && f.HasForces && f.HasVirial && f.Symbols!.All(x => x is "Li" or "Na" or "K" or "F")));

            // Resuming a finished run from its checkpoint reproduces the same figure.
            var (again, _, stderrAgain) = Run([.. common, "--resume"]);
            Assert.True(again == 0, stderrAgain);
            Assert.Contains("resumed from", stderrAgain);
            Assert.Equal(row.Density, DensityTable.Read(Path.Combine(dir, "density.csv")).Single().Density, 1e-12);
            Assert.Equal(5, ExtXyzReader.Read(Path.Combine(dir, "teacher-1100K.extxyz")).Count()); // the finished run's frames are kept
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void LabelWritesTheTeachersEnergyForcesAndVirial()
    {
        string dir = Directory.CreateTempSubdirectory("lrmlip-label-").FullName;
        try
        {
            var cfg = TeacherTestCases.RandomMelt(31, 8, 7.0);
            string inPath = Path.Combine(dir, "in.cfg"), outPath = Path.Combine(dir, "out.cfg");
            CfgWriter.WriteAll(inPath, [cfg], CfgPrecision.Lossless);
            var (code, _, stderr) = Run(["label", inPath, outPath, "--no-core", .. FastTeacher]);
            Assert.True(code == 0, stderr);
            var labelled = CfgReader.Read(outPath).Single();
            var teacher = new LowRankMlip.Simulation.Teacher.RigidIonTeacher(LowRankMlip.Simulation.Teacher.TosiFumiModel.Flinak(core: false),
                new LowRankMlip.Simulation.Teacher.RigidIonSettings { Cutoff = 6, Electrostatics = LowRankMlip.Simulation.Teacher.Electrostatics.DampedShiftedForce });
            var expected = teacher.Compute(labelled);
            Assert.Equal(expected.Energy, labelled.Energy!.Value, 1e-9);
            Assert.Equal(expected.VirialMlipOrder(), labelled.Virial!, new ToleranceComparer(1e-9));
            Assert.Equal("TosiFumi-SetP-dsf-0.25-rc6", labelled.GetFeature("teacher"));
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void MdWithAnUnknownPotentialFileIsAClearError()
    {
        var (code, _, stderr) = Run("md", Path.Combine(Path.GetTempPath(), "no-such.mtp"), "--out", Path.GetTempPath());
        Assert.NotEqual(0, code);
        Assert.Contains("no-such.mtp", stderr);
    }
}
