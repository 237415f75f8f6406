using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>
/// MLIP-3's training loss and its exact gradient (mtp-spec §11.1, §5.5) over a <see cref="TrainingSet"/>:
/// per configuration an evaluation (E, F, W), the residual weights a = ∂L/∂E, λ = ∂L/∂F, μ = ∂L/∂W, and
/// the forward-over-reverse parameter gradient. At the radial point of the last normal equations (every
/// variable-projection evaluation) E, F and W come from the kept design columns (<see cref="DesignCache"/>)
/// instead of an evaluation pass. Parallel over configurations in blocks handed out
/// dynamically (<see cref="BlockSchedule"/>), with per-block gradients summed in block order, so results
/// are bit-reproducible for a given thread count; the loss value itself does not depend on it.
/// </summary>
public sealed class Loss
{
    private readonly MtpEvaluator _evaluator;
    private readonly TrainingSet _data;
    private readonly LossWeights _weights;
    private readonly int _threads;
    private readonly Worker[] _workers;
    private readonly double[][] _blockGradients;
    private readonly double[] _configLoss;
    private readonly double[] _configEnergyError2;
    private readonly double[] _configForceError2;
    private readonly int[] _configForceComponents;

    public Loss(MtpPotential potential, TrainingSet data, LossWeights weights, int threads, Mtp.Kernels.Common.KernelPath path = Mtp.Kernels.Common.KernelPath.Auto)
    {
        if (!potential.IsTrained) throw new ArgumentException("the potential needs coefficients (initialize the template first)");
        _evaluator = new MtpEvaluator(potential, path);
        _data = data;
        _weights = weights;
        _threads = Math.Max(1, Math.Min(threads, Math.Max(1, data.Count)));
        Layout = ParameterLayout.Of(potential);
        _workers = Enumerable.Range(0, _threads).Select(_ => new Worker(_evaluator, data.MaxAtoms)).ToArray();
        _blockGradients = Enumerable.Range(0, BlockSchedule.BlockCount(data.Count, _threads)).Select(_ => new double[Layout.Total]).ToArray();
        _configLoss = new double[data.Count];
        _configEnergyError2 = new double[data.Count];
        _configForceError2 = new double[data.Count];
        _configForceComponents = new int[data.Count];
        Scaling = potential.Scaling;
        LinearRegularization = new double[Layout.LinearCount];
        _linearPoint = new double[Layout.LinearCount];
    }

    public ParameterLayout Layout { get; }
    internal MtpEvaluator Evaluator => _evaluator;
    public TrainingSet Data => _data;
    public LossWeights Weights => _weights;

    /// <summary>The radial scaling s used for every evaluation (not optimized by gradient, mtp-spec §11.5).</summary>
    public double Scaling { get; set; }

    /// <summary>r_q of P_linear = Σ r_q p_q² over [ξ | θ] (set by the linear solve, mtp-spec §11.4); zeros by default.</summary>
    public double[] LinearRegularization { get; }

    /// <summary>Energy RMSE per atom (eV/atom) and force RMSE per component (eV/Å) at the last evaluated point.</summary>
    public double LastEnergyRmsePerAtom { get; private set; }
    public double LastForceRmse { get; private set; }

    /// <summary>Buffers of <see cref="LinearSolver.Accumulate"/> for this loss, kept between calls.</summary>
    internal LinearSolver.Scratch? LinearScratch { get; set; }

    private DesignCache? _designs;
    private bool _designsDecided;
    // [ξ | θ] of the point being evaluated, for predictions from kept design columns.
    private readonly double[] _linearPoint;

    /// <summary>
    /// Where the normal equations keep each configuration's design columns (created on first use; null when the
    /// model is not linear in [ξ | θ] or the columns would not fit in memory).
    /// </summary>
    internal DesignCache? KeptDesigns()
    {
        if (!_designsDecided) { _designs = DesignCache.TryCreate(_evaluator.Potential, _data); _designsDecided = true; }
        return _designs;
    }

    /// <summary>Evaluations whose E, F, W came from kept design columns instead of an evaluation pass.</summary>
    public int EvaluationsFromDesign { get; private set; }

    /// <summary>Wall time of this loss's evaluations and of the linear solves on it.</summary>
    public TrainingProfile Profile { get; } = new();

    /// <summary>Number of loss evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Loss at <paramref name="x"/>; its gradient into <paramref name="gradient"/> unless that is empty.</summary>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        Evaluations++;
        bool wantGradient = !gradient.IsEmpty;
        var L = Layout;
        _evaluator.SetParameters(L.Radial(x), L.Species(x), L.Moment(x), Scaling);
        // At the radial point of the last normal equations (every variable-projection evaluation), E, F and W
        // are the kept columns times [ξ | θ]: no evaluation pass is needed before the gradient pass.
        var designs = _designs is { } d && d.Matches(L.Radial(x), Scaling) ? d : null;
        if (designs is not null)
        {
            x.Slice(L.LinearStart, L.LinearCount).CopyTo(_linearPoint);
            EvaluationsFromDesign++;
        }
        foreach (var w in _workers) w.Failure = null;
        int blocks = _blockGradients.Length;
        BlockSchedule.Run(_threads, blocks, (w, b) => _workers[w].Run(this, b, blocks, wantGradient, _blockGradients[b], designs));
        foreach (var w in _workers) if (w.Failure is { } e) throw new TrainingException($"loss evaluation failed: {e.Message}", e);

        double loss = 0, e2 = 0, f2 = 0;
        int energies = 0;
        long forces = 0;
        for (int k = 0; k < _configLoss.Length; k++)
        {
            loss += _configLoss[k];
            if (_data.Configurations[k].Energy.HasValue) { e2 += _configEnergyError2[k]; energies++; }
            f2 += _configForceError2[k];
            forces += _configForceComponents[k];
        }
        LastEnergyRmsePerAtom = energies == 0 ? 0 : Math.Sqrt(e2 / energies);
        LastForceRmse = forces == 0 ? 0 : Math.Sqrt(f2 / forces);
        if (wantGradient)
        {
            gradient.Clear();
            foreach (var blockGradient in _blockGradients)
                for (int p = 0; p < gradient.Length; p++) gradient[p] += blockGradient[p];
        }
        loss += Penalties(x, gradient, wantGradient);
        Profile.AddLossAndGradient(started);
        if (!double.IsFinite(loss)) throw new TrainingException($"the loss is not finite ({loss}) at the current parameters");
        return loss;
    }

    /// <summary>
    /// P_radial = pw [Σ_μ (|v_μ|² − 1)² + Σ_{μ&lt;μ'} (v_μ·v_μ')²] with v_μ the coefficients of radial
    /// function μ over all pairs (length S²R), and P_linear = Σ r_q p_q² (mtp-spec §11.1).
    /// </summary>
    private double Penalties(ReadOnlySpan<double> x, Span<double> gradient, bool wantGradient)
    {
        var p = _evaluator.Potential;
        int pairs = p.SpeciesCount * p.SpeciesCount, K = p.RadialFunctionCount, R = p.RadialBasisSize;
        double pw = _weights.PenaltyWeight, total = 0;
        if (pw != 0)
        {
            var dot = new double[K * K];
            for (int a = 0; a < K; a++)
                for (int b = a; b < K; b++)
                {
                    double s = 0;
                    for (int pair = 0; pair < pairs; pair++)
                        for (int beta = 0; beta < R; beta++)
                            s += x[(pair * K + a) * R + beta] * x[(pair * K + b) * R + beta];
                    dot[a * K + b] = dot[b * K + a] = s;
                }
            for (int a = 0; a < K; a++)
            {
                total += pw * (dot[a * K + a] - 1) * (dot[a * K + a] - 1);
                for (int b = a + 1; b < K; b++) total += pw * dot[a * K + b] * dot[a * K + b];
            }
            if (wantGradient)
                for (int a = 0; a < K; a++)
                    for (int pair = 0; pair < pairs; pair++)
                        for (int beta = 0; beta < R; beta++)
                        {
                            double g = 4 * pw * (dot[a * K + a] - 1) * x[(pair * K + a) * R + beta];
                            for (int b = 0; b < K; b++)
                                if (b != a) g += 2 * pw * dot[a * K + b] * x[(pair * K + b) * R + beta];
                            gradient[(pair * K + a) * R + beta] += g;
                        }
        }
        var linear = x.Slice(Layout.LinearStart, Layout.LinearCount);
        for (int q = 0; q < linear.Length; q++)
        {
            double r = LinearRegularization[q];
            if (r == 0) continue;
            total += r * linear[q] * linear[q];
            if (wantGradient) gradient[Layout.LinearStart + q] += 2 * r * linear[q];
        }
        return total;
    }

    /// <summary>Per-thread state: workspace and result buffers (gradients are per block).</summary>
    private sealed class Worker(MtpEvaluator evaluator, int maxAtoms)
    {
        private readonly EvaluatorWorkspace _ws = evaluator.CreateWorkspace();
        private readonly EfsResult _result = new();
        private readonly double[] _lambda = new double[3 * maxAtoms];
        private readonly double[] _mu = new double[9];
        public Exception? Failure;

        /// <summary>Evaluates block <paramref name="block"/> of <paramref name="blocks"/>, its gradient into <paramref name="gradient"/>.</summary>
        public void Run(Loss loss, int block, int blocks, bool wantGradient, double[] gradient, DesignCache? designs)
        {
            int S = loss.Layout.SpeciesCount;
            var species = loss._linearPoint.AsSpan(0, S);
            var theta = loss._linearPoint.AsSpan(S);
            if (wantGradient) Array.Clear(gradient);
            var data = loss._data;
            double inverseCount = 1.0 / data.Count;
            try
            {
                for (int k = block; k < data.Count; k += blocks)
                {
                    var cfg = data.Configurations[k];
                    var nl = data.Neighbours[k];
                    if (designs is null) evaluator.Evaluate(cfg, nl, _ws, _result);
                    else designs.For(k).Predict(species, theta, _result);
                    double value = Residuals(loss._weights, cfg, _result, inverseCount, out double alpha);
                    loss._configLoss[k] = value;
                    RecordErrors(loss, k, cfg);
                    if (wantGradient)
                        evaluator.AccumulateParameterGradient(cfg, nl, _ws, alpha, _lambda.AsSpan(0, 3 * cfg.AtomCount), _mu, gradient);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Failure = e;
            }
        }

        private void RecordErrors(Loss loss, int k, Configuration cfg)
        {
            double de = cfg.Energy is double e0 ? (_result.Energy - e0) / cfg.AtomCount : 0;
            loss._configEnergyError2[k] = de * de;
            double f2 = 0;
            if (cfg.Forces is { } f0)
                for (int l = 0; l < 3 * cfg.AtomCount; l++) { double d = _result.Forces[l] - f0[l]; f2 += d * d; }
            loss._configForceError2[k] = f2;
            loss._configForceComponents[k] = cfg.Forces is null ? 0 : 3 * cfg.AtomCount;
        }

        /// <summary>This configuration's loss term; fills λ (= ∂L/∂F) and μ (= ∂L/∂W) and returns a = ∂L/∂E via <paramref name="alpha"/>.</summary>
        private double Residuals(LossWeights w, Configuration cfg, EfsResult r, double inverseCount, out double alpha) =>
            LossResiduals.Evaluate(w, cfg, r, inverseCount, _lambda, _mu, out alpha);
    }
}

/// <summary>A training failure with the reason (non-finite loss, failed evaluation, line-search breakdown).</summary>
public sealed class TrainingException(string message, Exception? inner = null) : Exception(message, inner);
