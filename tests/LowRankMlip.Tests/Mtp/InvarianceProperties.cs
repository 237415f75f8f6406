using FsCheck.Xunit;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Tests.Mtp;

/// <summary>
/// Symmetry properties of the MTP energy, forces and virial (FsCheck, seeded random structures):
/// rigid rotation, translation, permutation of atoms, supercell replication, and every kernel width
/// giving the scalar kernel's result.
/// </summary>
public class InvarianceProperties
{
    private static double Rel(double a, double b) => Math.Abs(a - b) / Math.Max(1e-300, Math.Max(Math.Abs(a), Math.Abs(b)));

    [Property(MaxTest = 20)]
    public bool RotationInvariance(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 7, 3, edge: 6.5, minDistance: 2.1);
        var ev = new MtpEvaluator(Potentials.Multi10);
        var r0 = ev.Evaluate(cfg);
        var q = RandomRotation(new Random(seed ^ 0x5eed));
        var rotated = new Configuration(new Cell(Rotate(cfg.Cell.Vectors, q), 3), cfg.Types, Rotate(cfg.Positions, q));
        var r1 = ev.Evaluate(rotated);
        var f0 = Rotate(r0.ForcesCopy(), q);
        bool forcesOk = f0.Zip(r1.ForcesCopy()).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * (1 + Math.Abs(p.First)));
        // W' = Q W Qᵀ
        var w0 = r0.VirialMatrix; var w1 = r1.VirialMatrix;
        bool virialOk = true;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double s = 0;
                for (int c = 0; c < 3; c++) for (int d = 0; d < 3; d++) s += q[3 * a + c] * w0[3 * c + d] * q[3 * b + d];
                virialOk &= Math.Abs(s - w1[3 * a + b]) <= 1e-9 * (1 + Math.Abs(s));
            }
        return Rel(r0.Energy, r1.Energy) < 1e-11 && forcesOk && virialOk;
    }

    [Property(MaxTest = 20)]
    public bool TranslationInvariance(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 7, 3, edge: 6.5, minDistance: 2.1);
        var rng = new Random(seed);
        var shift = new[] { 20 * rng.NextDouble() - 10, 20 * rng.NextDouble() - 10, 20 * rng.NextDouble() - 10 };
        var moved = new Configuration(cfg.Cell, cfg.Types, cfg.Positions.Select((x, k) => x + shift[k % 3]).ToArray());
        var ev = new MtpEvaluator(Potentials.Multi10);
        var a = ev.Evaluate(cfg); var b = ev.Evaluate(moved);
        return Rel(a.Energy, b.Energy) < 1e-11 && a.ForcesCopy().Zip(b.ForcesCopy()).All(p => Math.Abs(p.First - p.Second) < 1e-9);
    }

    [Property(MaxTest = 20)]
    public bool PermutationInvariance(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 8, 3, edge: 6.5, minDistance: 2.1);
        var perm = Enumerable.Range(0, cfg.AtomCount).OrderBy(_ => new Random(seed + _).Next()).ToArray();
        var permuted = new Configuration(cfg.Cell, perm.Select(i => cfg.Types[i]).ToArray(),
            perm.SelectMany(i => cfg.Positions.Skip(3 * i).Take(3)).ToArray());
        var ev = new MtpEvaluator(Potentials.Multi10);
        var a = ev.Evaluate(cfg); var b = ev.Evaluate(permuted);
        bool forces = true;
        for (int k = 0; k < perm.Length; k++)
            for (int c = 0; c < 3; c++) forces &= Math.Abs(a.Forces[3 * perm[k] + c] - b.Forces[3 * k + c]) < 1e-9;
        return Rel(a.Energy, b.Energy) < 1e-11 && forces;
    }

    [Property(MaxTest = 10)]
    public bool SupercellReplicationScalesEnergyAndVirial(int seed)
    {
        var cfg = RandomStructures.Triclinic(seed, 5, 3, edge: 5.0, minDistance: 2.1);
        var rng = new Random(seed);
        int[] reps = [1 + rng.Next(2), 1 + rng.Next(2), 2];
        var big = Replicate(cfg, reps);
        int factor = reps[0] * reps[1] * reps[2];
        var ev = new MtpEvaluator(Potentials.Multi10);
        var a = ev.Evaluate(cfg); var b = ev.Evaluate(big);
        bool forces = true;
        for (int i = 0; i < big.AtomCount; i++)
            for (int c = 0; c < 3; c++) forces &= Math.Abs(b.Forces[3 * i + c] - a.Forces[3 * (i % cfg.AtomCount) + c]) < 1e-9;
        bool virial = a.VirialMatrix.Zip(b.VirialMatrix).All(p => Math.Abs(factor * p.First - p.Second) < 1e-8 * (1 + Math.Abs(p.Second)));
        return Rel(factor * a.Energy, b.Energy) < 1e-11 && forces && virial;
    }

    [Property(MaxTest = 15)]
    public bool EveryKernelWidthMatchesTheScalarKernel(int seed)
    {
        var rng = new Random(seed);
        var pot = (seed & 1) == 0 ? Potentials.Multi10 : Potentials.Repulsive20;
        int atoms = 1 + rng.Next(19); // covers batch tails of 4 and 8 lanes
        var cfg = RandomStructures.Triclinic(seed, atoms, 3, edge: 4 + 0.5 * Math.Cbrt(atoms) * 3, minDistance: 1.8);
        var scalar = new MtpEvaluator(pot, KernelPath.Scalar).Evaluate(cfg);
        foreach (var path in new[] { KernelPath.Vector256, KernelPath.Vector512 })
        {
            if (!KernelDispatch.IsSupported(path)) continue;
            var v = new MtpEvaluator(pot, path).Evaluate(cfg);
            if (Rel(scalar.Energy, v.Energy) > 1e-12) return false;
            double scale = scalar.ForcesCopy().Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int k = 0; k < 3 * atoms; k++) if (Math.Abs(scalar.Forces[k] - v.Forces[k]) > 1e-12 * Math.Max(1, scale)) return false;
            double wscale = scalar.VirialMatrix.Select(Math.Abs).Max();
            for (int k = 0; k < 9; k++) if (Math.Abs(scalar.VirialMatrix[k] - v.VirialMatrix[k]) > 1e-12 * Math.Max(1, wscale)) return false;
        }
        return true;
    }

    [Fact]
    public void EmptyConfigurationAndIsolatedAtomHaveOnlySpeciesEnergy()
    {
        var pot = Potentials.Multi10;
        var ev = new MtpEvaluator(pot);
        Assert.Equal(0.0, ev.Evaluate(new Configuration(Cell.None, [], [])).Energy);
        var single = ev.Evaluate(new Configuration(Cell.None, [2], [0, 0, 0]));
        var lone = pot.SpeciesCoeffs![2]; // no neighbours: every moment is zero, E = ξ[t]
        Assert.Equal(0.0, single.ForcesCopy().Select(Math.Abs).Sum());
        Assert.True(double.IsFinite(single.Energy) && Math.Abs(single.Energy - lone) < 1e-12);
    }

    internal static Configuration Replicate(Configuration cfg, int[] reps)
    {
        var L = cfg.Cell.Vectors;
        var pos = new List<double>();
        var types = new List<int>();
        for (int a = 0; a < reps[0]; a++)
            for (int b = 0; b < reps[1]; b++)
                for (int c = 0; c < reps[2]; c++)
                {
                    for (int i = 0; i < cfg.AtomCount; i++)
                    {
                        for (int d = 0; d < 3; d++) pos.Add(cfg.Positions[3 * i + d] + a * L[d] + b * L[3 + d] + c * L[6 + d]);
                        types.Add(cfg.Types[i]);
                    }
                }
        // Atom order: replica-major, so atom i of the big cell is a copy of atom i mod N.
        var big = new double[9];
        for (int d = 0; d < 3; d++) { big[d] = reps[0] * L[d]; big[3 + d] = reps[1] * L[3 + d]; big[6 + d] = reps[2] * L[6 + d]; }
        return new Configuration(Cell.Periodic(big), types.ToArray(), pos.ToArray());
    }

    internal static double[] RandomRotation(Random rng)
    {
        // Unit quaternion → rotation matrix.
        double q0 = rng.NextDouble() - 0.5, q1 = rng.NextDouble() - 0.5, q2 = rng.NextDouble() - 0.5, q3 = rng.NextDouble() - 0.5;
        double n = Math.Sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
        q0 /= n; q1 /= n; q2 /= n; q3 /= n;
        return
        [
            1 - 2 * (q2 * q2 + q3 * q3), 2 * (q1 * q2 - q0 * q3), 2 * (q1 * q3 + q0 * q2),
            2 * (q1 * q2 + q0 * q3), 1 - 2 * (q1 * q1 + q3 * q3), 2 * (q2 * q3 - q0 * q1),
            2 * (q1 * q3 - q0 * q2), 2 * (q2 * q3 + q0 * q1), 1 - 2 * (q1 * q1 + q2 * q2),
        ];
    }

    internal static double[] Rotate(double[] xyz, double[] q)
    {
        var r = new double[xyz.Length];
        for (int i = 0; i < xyz.Length / 3; i++)
            for (int a = 0; a < 3; a++)
                r[3 * i + a] = q[3 * a] * xyz[3 * i] + q[3 * a + 1] * xyz[3 * i + 1] + q[3 * a + 2] * xyz[3 * i + 2];
        return r;
    }
}
