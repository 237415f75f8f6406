using LowRankMlip.Mtp;
using LowRankMlip.Training;

namespace LowRankMlip.Ace;

/// <summary>Value of <see cref="AceLoss"/> and the RMSEs of the same evaluation (energy per atom, force per component).</summary>
public readonly record struct AceLossValue(double Loss, double EnergyRmsePerAtom, double ForceRmse);

/// <summary>
/// MLIP's training loss (mtp-spec §11.1, the weights of <see cref="LossWeights"/> that lrmlip train uses) for an ACE
/// potential against a labelled reference set:
/// <code>L = (1/K) Σ_k [ wE_k (E_k − E⁰_k)² + Σ_i wF_k |F_i − F⁰_i|² + wS_k Σ_ab (W_ab − W⁰_ab)² ]</code>
/// (terms only for the labels a configuration has), with its exact gradients with respect to the flat crad tensor
/// (<see cref="AceRadialTensor"/>) and the c̃ coefficients: α = ∂L/∂E, λ = ∂L/∂F, μ = ∂L/∂W feed the forward-over-reverse
/// pass of <see cref="AceParameterTangent"/> (ace-spec §10). Configurations are split over threads by a fixed
/// stride and the per-thread sums added in thread order, so the result is deterministic for a thread count.
/// </summary>
public sealed class AceLoss
{
    private readonly IReadOnlyList<Configuration> _reference;
    private readonly NeighborList[] _neighbours;
    private readonly Worker[] _workers;

    public AceLoss(IReadOnlyList<Configuration> reference, double cutoff, LossWeights weights, int threads = 1)
    {
        if (reference.Count == 0) throw new ArgumentException("the reference set is empty");
        foreach (var (cfg, k) in reference.Select((c, k) => (c, k)))
            if (cfg.Energy is null && cfg.Forces is null && cfg.Virial is null)
                throw new ArgumentException($"reference configuration {k + 1} has no energy, force or virial label");
        _reference = reference;
        Weights = weights;
        _neighbours = reference.Select(c => NeighborList.Build(c, cutoff)).ToArray();
        int maxAtoms = reference.Max(c => c.AtomCount);
        _workers = Enumerable.Range(0, Math.Clamp(threads, 1, reference.Count)).Select(_ => new Worker(maxAtoms)).ToArray();
    }

    public LossWeights Weights { get; }
    public int Count => _reference.Count;

    /// <summary>Energy-only weights (wF = wS = 0) with MLIP's per-atom energy scaling.</summary>
    public static LossWeights EnergyOnly => new() { ForceWeight = 0, StressWeight = 0 };

    /// <summary>
    /// L at <paramref name="potential"/>; when a span is not empty, ∂L/∂crad (flat tensor, length
    /// <see cref="AceRadialTensor.Shape"/>.Length) or ∂L/∂c̃ (<see cref="AcePotential.FlattenCtildes"/> layout) is written to it.
    /// </summary>
    public AceLossValue Evaluate(AcePotential potential, Span<double> cradGradient, Span<double> ctildeGradient)
    {
        var shape = AceRadialTensor.Shape(potential);
        if (!cradGradient.IsEmpty && cradGradient.Length != shape.Length)
            throw new ArgumentException($"the crad gradient has {cradGradient.Length} entries; the radial tensor has {shape.Length}");
        if (!ctildeGradient.IsEmpty && ctildeGradient.Length != potential.BasisCoefficientCount)
            throw new ArgumentException($"the c̃ gradient has {ctildeGradient.Length} entries; the potential has {potential.BasisCoefficientCount}");
        bool wantGradient = !cradGradient.IsEmpty || !ctildeGradient.IsEmpty;
        var evaluator = new AceEvaluator(potential, allowFactoredRadial: false);
        var tangent = wantGradient ? new AceParameterTangent(potential) : null;
        int workers = _workers.Length;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers },
            w => _workers[w].Run(this, evaluator, tangent, w, workers));

        double loss = 0, energy2 = 0, force2 = 0;
        long energies = 0, components = 0;
        foreach (var w in _workers)
        {
            loss += w.Loss; energy2 += w.EnergyError2; force2 += w.ForceError2;
            energies += w.Energies; components += w.ForceComponents;
        }
        if (tangent is not null)
        {
            var cradT = new double[tangent.CradLength];
            var ctilde = new double[tangent.CtildeLength];
            foreach (var w in _workers)
            {
                for (int i = 0; i < cradT.Length; i++) cradT[i] += w.CradT[i];
                for (int i = 0; i < ctilde.Length; i++) ctilde[i] += w.Ctilde[i];
            }
            if (!cradGradient.IsEmpty) tangent.ToRadialTensor(cradT, cradGradient);
            if (!ctildeGradient.IsEmpty) ctilde.CopyTo(ctildeGradient);
        }
        if (!double.IsFinite(loss)) throw new ArithmeticException($"the ACE loss is not finite ({loss})");
        return new AceLossValue(loss, Math.Sqrt(energy2 / Math.Max(1, energies)), Math.Sqrt(force2 / Math.Max(1, components)));
    }

    /// <summary>One thread's share: configurations w, w + W, …; buffers reused across evaluations.</summary>
    private sealed class Worker(int maxAtoms)
    {
        private readonly AceWorkspace _ws = new();
        private readonly AceTangentWorkspace _tws = new();
        private readonly EfsResult _result = new();
        private readonly double[] _lambda = new double[3 * maxAtoms];
        private readonly double[] _mu = new double[9];
        public double[] CradT = [], Ctilde = [];
        public double Loss, EnergyError2, ForceError2;
        public long Energies, ForceComponents;

        public void Run(AceLoss owner, AceEvaluator evaluator, AceParameterTangent? tangent, int worker, int workers)
        {
            Loss = EnergyError2 = ForceError2 = 0;
            Energies = ForceComponents = 0;
            if (tangent is not null)
            {
                if (CradT.Length != tangent.CradLength) CradT = new double[tangent.CradLength]; else Array.Clear(CradT);
                if (Ctilde.Length != tangent.CtildeLength) Ctilde = new double[tangent.CtildeLength]; else Array.Clear(Ctilde);
            }
            double inverseCount = 1.0 / owner._reference.Count;
            for (int k = worker; k < owner._reference.Count; k += workers)
            {
                var cfg = owner._reference[k];
                var nl = owner._neighbours[k];
                evaluator.Evaluate(cfg, nl, _ws, _result);
                double alpha = Residuals(owner.Weights, cfg, inverseCount);
                tangent?.Accumulate(cfg, nl, _tws, alpha, _lambda.AsSpan(0, 3 * cfg.AtomCount), _mu, CradT, Ctilde);
            }
        }

        /// <summary>Adds this configuration's term to the loss and its errors to the RMSE sums; fills λ = ∂L/∂F, μ = ∂L/∂W and returns α = ∂L/∂E.</summary>
        private double Residuals(LossWeights w, Configuration cfg, double inverseCount)
        {
            Loss += LossResiduals.Evaluate(w, cfg, _result, inverseCount, _lambda, _mu, out double alpha);
            if (cfg.Energy is double e0)
            {
                double d = (_result.Energy - e0) / cfg.AtomCount;
                EnergyError2 += d * d;
                Energies++;
            }
            if (cfg.Forces is { } f0)
            {
                for (int k = 0; k < 3 * cfg.AtomCount; k++) ForceError2 += (_result.Forces[k] - f0[k]) * (_result.Forces[k] - f0[k]);
                ForceComponents += 3 * cfg.AtomCount;
            }
            return alpha;
        }
    }
}
