using LowRankMlip.Mtp;
using MathNet.Numerics.LinearAlgebra;

namespace LowRankMlip.Training;

/// <summary>
/// Solves for the species and moment coefficients [ξ | θ] with the radial part fixed (MLIP's
/// LinOptimize, mtp-spec §11.4): E, F and W are linear in them, so the loss (same weights) is a
/// weighted least-squares problem. Normal equations A p = b accumulated over configurations
/// (energy rows, 3N force rows, 9 virial rows), ridge r_q = 1e-10·max(1, A_qq) on the diagonal, then
/// Cholesky; where A is not numerically positive definite an SVD pseudo-inverse solves it instead of
/// breaking down (MLIP eliminates without pivoting).
/// </summary>
public static class LinearSolver
{
    /// <summary>Replaces the linear part of <paramref name="x"/> by the solution; updates the loss's P_linear weights. Returns ‖p‖₂/median|p| (mtp-spec §11.5).</summary>
    public static double Solve(Loss loss, double[] x, int threads) => Accumulate(loss, x, threads).SolveInto(loss, x, loss.Scaling);

    /// <summary>
    /// Normal equations at the loss's current scaling s₀ (radial part of <paramref name="x"/>). They hold for
    /// every scaling: B_α is a product of d_α basic moments, each linear in s, so column α scales by
    /// (s/s₀)^d_α and the system at s is D A D p = D b with D = diag((s/s₀)^d) (1 for ξ). The scaling
    /// search therefore needs one accumulation, not one per candidate.
    /// </summary>
    public static NormalEquations Accumulate(Loss loss, double[] x, int threads)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var layout = loss.Layout;
        var evaluator = loss.Evaluator;
        evaluator.SetParameters(layout.Radial(x), layout.Species(x), layout.Moment(x), loss.Scaling);
        var data = loss.Data;
        int q = layout.LinearCount;
        int workers = Math.Max(1, Math.Min(threads, data.Count));
        if (loss.LinearScratch is not { } scratch || scratch.Workers.Length != workers)
            loss.LinearScratch = scratch = new Scratch(workers, BlockSchedule.BlockCount(data.Count, workers), q, evaluator, data.MaxAtoms);
        int blocks = scratch.Blocks.Length;
        var designs = loss.KeptDesigns();
        designs?.Invalidate();
        BlockSchedule.Run(workers, blocks, (w, block) =>
        {
            var sums = scratch.Blocks[block];
            sums.Clear();
            for (int k = block; k < data.Count; k += blocks)
                scratch.Workers[w].Add(sums, loss.Weights, data.Configurations[k], data.Neighbours[k], layout, x, designs?.For(k));
        });
        designs?.MarkBuilt(layout.Radial(x), loss.Scaling);
        var A = Matrix<double>.Build.Dense(q, q);
        var b = Vector<double>.Build.Dense(q);
        foreach (var sums in scratch.Blocks)
        {
            for (int r = 0; r < q; r++)
            {
                b[r] += sums.B[r];
                for (int c = r; c < q; c++) A[r, c] += sums.A[r * q + c];
            }
        }
        for (int r = 0; r < q; r++) for (int c = 0; c < r; c++) A[r, c] = A[c, r];
        var degree = new int[q];
        var basisDegree = MomentDegrees(evaluator.Potential.Basis);
        for (int a = 0; a < layout.MomentCount; a++) degree[layout.SpeciesCount + a] = basisDegree[evaluator.Potential.Basis.Mapping[a]];
        loss.Profile.AddLinearDesign(started);
        return new NormalEquations(A, b, loss.Scaling, degree, data.Count);
    }

    /// <summary>Number of basic-moment factors of every moment (1 for basic ones; sums over alpha_index_times).</summary>
    private static int[] MomentDegrees(MtpBasis basis)
    {
        var d = new int[basis.MomentCount];
        for (int n = 0; n < basis.BasicCount; n++) d[n] = 1;
        for (int t = 0; t < basis.TimesCount; t++)
        {
            int i = basis.TimesRows[4 * t], j = basis.TimesRows[4 * t + 1], k = basis.TimesRows[4 * t + 3];
            int value = d[i] + d[j];
            if (d[k] != 0 && d[k] != value) throw new InvalidOperationException($"moment {k} mixes products of {d[k]} and {value} basic moments");
            d[k] = value;
        }
        return d;
    }

    /// <summary>A p = b at scaling s₀ with the degrees that carry it to any other scaling.</summary>
    public sealed class NormalEquations(Matrix<double> a, Vector<double> b, double scaling, int[] degree, int configurationCount)
    {
        public double Scaling => scaling;

        /// <summary>Diagonal of A at scaling s: the Gauss–Newton curvature (×K/2) of each linear parameter.</summary>
        public double[] Diagonal(double s) =>
            Enumerable.Range(0, degree.Length).Select(r => a[r, r] * Math.Pow(s / scaling, 2 * degree[r])).ToArray();

        public int ConfigurationCount => configurationCount;

        /// <summary>
        /// Solves at scaling <paramref name="s"/>, writes [ξ | θ] into <paramref name="x"/>, sets P_linear; returns ‖p‖₂/median|p|.
        /// The ridge is 1e-10·max(1, A_qq) unless <paramref name="regularization"/> gives the r_q of P_linear to use (then the
        /// solution minimizes the loss with exactly that P_linear, which variable projection needs for an exact gradient).
        /// </summary>
        public double SolveInto(Loss loss, double[] x, double s, double[]? regularization = null)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            int q = degree.Length;
            var d = new double[q];
            for (int r = 0; r < q; r++) d[r] = Math.Pow(s / scaling, degree[r]);
            var A = Matrix<double>.Build.Dense(q, q, (r, c) => d[r] * a[r, c] * d[c]);
            var rhs = Vector<double>.Build.Dense(q, r => d[r] * b[r]);
            for (int r = 0; r < q; r++)
            {
                double ridge = regularization is null ? 1e-10 * Math.Max(1, A[r, r]) : regularization[r] * configurationCount;
                A[r, r] += ridge;
                loss.LinearRegularization[r] = ridge / configurationCount;
            }
            Vector<double> p;
            try
            {
                p = A.Cholesky().Solve(rhs);
                if (p.Any(v => !double.IsFinite(v))) throw new ArgumentException("non-finite Cholesky solution");
            }
            catch (ArgumentException)
            {
                p = A.Svd(computeVectors: true).Solve(rhs);
            }
            var layout = loss.Layout;
            for (int r = 0; r < q; r++) x[layout.LinearStart + r] = p[r];
            loss.Profile.AddLinearSolve(started);
            return ConditionMeasure(p.ToArray());
        }
    }

    /// <summary>‖p‖₂ / median(|p|), the median being element ⌊n/2⌋ of the sorted magnitudes (mtp-spec §11.5).</summary>
    public static double ConditionMeasure(double[] p)
    {
        var sorted = p.Select(Math.Abs).Order().ToArray();
        double median = sorted[sorted.Length / 2];
        return Math.Sqrt(p.Sum(v => v * v)) / Math.Max(median, 1e-300);
    }

    /// <summary>
    /// Buffers kept with the loss between accumulations (the normal equations are rebuilt at every
    /// variable-projection evaluation): one evaluator workspace per thread, one partial sum per block.
    /// </summary>
    internal sealed class Scratch(int workers, int blocks, int q, MtpEvaluator evaluator, int maxAtoms)
    {
        public readonly Accumulator[] Workers = Enumerable.Range(0, workers).Select(_ => new Accumulator(q, evaluator, maxAtoms)).ToArray();
        public readonly PartialSums[] Blocks = Enumerable.Range(0, blocks).Select(_ => new PartialSums(q)).ToArray();
    }

    /// <summary>One block's share of A (upper triangle, row-major q×q) and b.</summary>
    internal sealed class PartialSums(int q)
    {
        public readonly double[] A = new double[q * q];
        public readonly double[] B = new double[q];

        public void Clear()
        {
            Array.Clear(A);
            Array.Clear(B);
        }
    }

    /// <summary>Per-thread evaluation buffers that add configurations' rows into a block's <see cref="PartialSums"/>.</summary>
    internal sealed class Accumulator(int q, MtpEvaluator evaluator, int maxAtoms)
    {
        private readonly EvaluatorWorkspace _ws = evaluator.CreateWorkspace();
        private readonly LinearDesign _ownDesign = new();
        private readonly EfsResult _result = new();
        private readonly double[] _row = new double[q];
        private double[] _weighted = new double[maxAtoms * 3];
        private double[] _targets = new double[maxAtoms * 3];

        // Without the RBChebyshev_repuls pair term, E, F and W are linear in [ξ | θ] (mtp-spec §11.4): the
        // non-linear remainder is zero, so the evaluation that would measure it is skipped (a third of the
        // accumulation's cost at low levels).
        private readonly bool _hasNonlinearPart = evaluator.Potential.BasisKind == RadialBasisKind.RBChebyshevRepulsive;

        /// <summary>Adds <paramref name="cfg"/>'s rows; its columns go to <paramref name="keep"/> when given (else to a per-thread buffer).</summary>
        public void Add(PartialSums sums, LossWeights weights, Configuration cfg, NeighborList nl, ParameterLayout layout, double[] x, LinearDesign? keep)
        {
            var design = keep ?? _ownDesign;
            evaluator.ComputeLinearDesign(cfg, nl, _ws, design);
            if (_hasNonlinearPart) evaluator.Evaluate(cfg, nl, _ws, _result);
            int S = layout.SpeciesCount, basis = design.BasisCount, n = cfg.AtomCount, threeN = 3 * n;
            var xi = layout.Species(x);
            var theta = layout.Moment(x);
            // Part of E, F, W not linear in [ξ | θ] (the RBChebyshev_repuls pair term), from the current point.
            if (cfg.Energy is double e0)
            {
                double linear = 0;
                for (int s = 0; s < S; s++) { _row[s] = design.SpeciesCounts[s]; linear += xi[s] * _row[s]; }
                for (int a = 0; a < basis; a++) { _row[S + a] = design.Energy[a]; linear += theta[a] * _row[S + a]; }
                double target = _hasNonlinearPart ? e0 - (_result.Energy - linear) : e0;
                AddRow(sums, weights.EnergyWeightFor(cfg), target);
            }
            if (cfg.Forces is { } f0)
            {
                double wf = weights.ForceWeightFor(cfg);
                if (_weighted.Length < basis * threeN) _weighted = new double[basis * threeN];
                var fd = design.Forces;
                Span<double> rowWeight = threeN <= 4096 ? stackalloc double[threeN] : new double[threeN];
                for (int i = 0; i < n; i++)
                {
                    double wi = wf;
                    if (weights.ScaleByForce > 0)
                    {
                        double f2 = f0[3 * i] * f0[3 * i] + f0[3 * i + 1] * f0[3 * i + 1] + f0[3 * i + 2] * f0[3 * i + 2];
                        wi *= weights.ScaleByForce / (f2 + weights.ScaleByForce);
                    }
                    rowWeight[3 * i] = rowWeight[3 * i + 1] = rowWeight[3 * i + 2] = wi;
                }
                for (int a = 0; a < basis; a++)
                    for (int l = 0; l < threeN; l++) _weighted[a * threeN + l] = rowWeight[l] * fd[a * threeN + l];
                // Targets: reference forces minus the part of F that is not linear in θ.
                if (_targets.Length < threeN) _targets = new double[threeN];
                var offset = _targets.AsSpan(0, threeN);
                f0.AsSpan(0, threeN).CopyTo(offset);
                if (_hasNonlinearPart) SubtractNonlinearForces(design, offset, basis, theta);
                for (int a = 0; a < basis; a++)
                {
                    var wa = _weighted.AsSpan(a * threeN, threeN);
                    for (int c = a; c < basis; c++)
                        sums.A[(S + a) * q + S + c] += System.Numerics.Tensors.TensorPrimitives.Dot(wa, fd.AsSpan(c * threeN, threeN));
                    sums.B[S + a] += System.Numerics.Tensors.TensorPrimitives.Dot(wa, offset);
                }
            }
            if (cfg.Virial is { } w0)
            {
                Span<double> reference = stackalloc double[9];
                Units.VirialToMatrix(w0, reference);
                double ws = weights.StressWeightFor(cfg);
                for (int ab = 0; ab < 9; ab++)
                {
                    double linear = 0;
                    for (int s = 0; s < S; s++) _row[s] = 0;
                    for (int a = 0; a < basis; a++) { _row[S + a] = design.Virial[a * 9 + ab]; linear += theta[a] * _row[S + a]; }
                    AddRow(sums, ws, _hasNonlinearPart ? reference[ab] - (_result.VirialMatrix[ab] - linear) : reference[ab]);
                }
            }
        }

        /// <summary>Subtracts F − Σ_α θ_α F^α at the current point (the force part not linear in θ) from <paramref name="targets"/>.</summary>
        private void SubtractNonlinearForces(LinearDesign design, Span<double> targets, int basis, ReadOnlySpan<double> theta)
        {
            int threeN = targets.Length;
            for (int l = 0; l < threeN; l++) targets[l] -= _result.Forces[l];
            for (int a = 0; a < basis; a++)
            {
                double t = theta[a];
                if (t == 0) continue;
                var column = design.Forces.AsSpan(a * threeN, threeN);
                for (int l = 0; l < threeN; l++) targets[l] += t * column[l];
            }
        }

        private void AddRow(PartialSums sums, double weight, double target)
        {
            for (int r = 0; r < q; r++)
            {
                double wr = weight * _row[r];
                if (wr == 0) continue;
                sums.B[r] += wr * target;
                for (int c = r; c < q; c++) sums.A[r * q + c] += wr * _row[c];
            }
        }
    }
}
