using FsCheck.Xunit;
using LowRankMlip.Ace;
using LowRankMlip.Mtp.Kernels.Common;
using MtpSymmetry = LowRankMlip.Tests.Mtp.InvarianceProperties;

namespace LowRankMlip.Tests.Ace;

/// <summary>
/// Symmetries of the ACE energy, forces and virial (FsCheck, seeded random cells): rigid rotation,
/// permutation of atoms; and every SIMD width giving the scalar kernel's result.
/// </summary>
public class AceInvarianceProperties
{
    private static readonly AceEvaluator Evaluator = new(AcePotentials.AlNi);

    private static bool Close(double a, double b, double tol) => Math.Abs(a - b) <= tol * (1 + Math.Abs(a));

    [Property(MaxTest = 8)]
    public bool RotationInvariance(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 5, 2, edge: 5.2, minDistance: 2.3);
        var r0 = Evaluator.Evaluate(cfg);
        var q = MtpSymmetry.RandomRotation(new Random(seed ^ 0x5eed));
        var rotated = new Configuration(new Cell(MtpSymmetry.Rotate(cfg.Cell.Vectors, q), 3), cfg.Types, MtpSymmetry.Rotate(cfg.Positions, q));
        var r1 = Evaluator.Evaluate(rotated);
        bool forcesOk = MtpSymmetry.Rotate(r0.ForcesCopy(), q).Zip(r1.ForcesCopy()).All(p => Close(p.First, p.Second, 1e-9));
        bool virialOk = true;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double s = 0;
                for (int c = 0; c < 3; c++) for (int d = 0; d < 3; d++) s += q[3 * a + c] * r0.VirialMatrix[3 * c + d] * q[3 * b + d];
                virialOk &= Close(s, r1.VirialMatrix[3 * a + b], 1e-9);
            }
        return Close(r0.Energy, r1.Energy, 1e-11) && forcesOk && virialOk;
    }

    [Property(MaxTest = 8)]
    public bool PermutationInvariance(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 6, 2, edge: 5.2, minDistance: 2.3);
        var perm = Enumerable.Range(0, cfg.AtomCount).OrderBy(i => new Random(seed + i).Next()).ToArray();
        var permuted = new Configuration(cfg.Cell, perm.Select(i => cfg.Types[i]).ToArray(), perm.SelectMany(i => cfg.Positions.Skip(3 * i).Take(3)).ToArray());
        var a = Evaluator.Evaluate(cfg);
        var b = Evaluator.Evaluate(permuted);
        bool sitesOk = perm.Select((i, k) => Close(a.SiteEnergies[i], b.SiteEnergies[k], 1e-11)).All(x => x);
        bool forcesOk = perm.Select((i, k) => Enumerable.Range(0, 3).All(c => Close(a.Forces[3 * i + c], b.Forces[3 * k + c], 1e-9))).All(x => x);
        return Close(a.Energy, b.Energy, 1e-11) && sitesOk && forcesOk;
    }

    [Fact]
    public void SimdPathsEqualScalarPath()
    {
        // Every vector width this CPU runs, on each radial family.
        var cases = from path in new[] { KernelPath.Vector256, KernelPath.Vector512 }.Where(KernelDispatch.IsSupported)
                    from c in new[] { ("InP", 21), ("AlNi", 22), ("SBessel", 23) }
                    select (path, c.Item1, c.Item2);
        foreach (var (path, name, seed) in cases)
        {
            var cfg = AceVariants.Structure(name, seed);
            var scalar = new AceEvaluator(AceVariants.Named(name), KernelPath.Scalar).Evaluate(cfg);
            var simd = new AceEvaluator(AceVariants.Named(name), path).Evaluate(cfg);
            Assert.Equal(scalar.Energy, simd.Energy, 1e-12 * Math.Abs(scalar.Energy));
            for (int k = 0; k < 3 * cfg.AtomCount; k++) Assert.Equal(scalar.Forces[k], simd.Forces[k], 1e-12 * Math.Max(1, Math.Abs(scalar.Forces[k])));
            for (int k = 0; k < 9; k++) Assert.Equal(scalar.VirialMatrix[k], simd.VirialMatrix[k], 1e-12 * Math.Max(1, Math.Abs(scalar.VirialMatrix[k])));
        }
    }
}
