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
/// pass of <see cref="AceParameterTangent"/> (ace-spec §10). Configurations are dealt into interleaved blocks handed
/// out dynamically (<see cref="BlockSchedule"/>) and the per-block sums added in block order, so the result is
/// deterministic for a thread count and no thread waits on a slower core.
/// </summary>
public sealed class AceLoss
{
    private readonly IReadOnlyList<Configuration> _reference;
    private readonly NeighborList[] _neighbours;
    private readonly Worker[] _workers;
    private readonly BlockSums[] _blocks;

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
        _blocks = Enumerable.Range(0, BlockSchedule.BlockCount(reference.Count, _workers.Length)).Select(_ => new BlockSums()).ToArray();
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
        int blocks = _blocks.Length;
        BlockSchedule.Run(_workers.Length, blocks, (w, b) => _workers[w].Run(this, evaluator, tangent, _blocks[b], b, blocks));

        double loss = 0, energy2 = 0, force2 = 0;
        long energies = 0, components = 0;
        foreach (var sums in _blocks)
        {
            loss += sums.Loss; energy2 += sums.EnergyError2; force2 += sums.ForceError2;
            energies += sums.Energies; components += sums.ForceComponents;
        }
        if (tangent is not null)
        {
            var cradT = new double[tangent.CradLength];
            var ctilde = new double[tangent.CtildeLength];
            foreach (var sums in _blocks)
            {
                for (int i = 0; i < cradT.Length; i++) cradT[i] += sums.CradT[i];
                for (int i = 0; i < ctilde.Length; i++) ctilde[i] += sums.Ctilde[i];
            }
            if (!cradGradient.IsEmpty) tangent.ToRadialTensor(cradT, cradGradient);
            if (!ctildeGradient.IsEmpty) ctilde.CopyTo(ctildeGradient);
        }
        if (!double.IsFinite(loss)) throw new ArithmeticException($"the ACE loss is not finite ({loss})");
        return new AceLossValue(loss, Math.Sqrt(energy2 / Math.Max(1, energies)), Math.Sqrt(force2 / Math.Max(1, components)));
    }

    /// <summary>One block's sums (configurations b, b + B, …), kept across evaluations.</summary>
    private sealed class BlockSums
    {
        public double[] CradT = [], Ctilde = [];
        public double Loss, EnergyError2, ForceError2;
        public long Energies, ForceComponents;

        public void Clear(AceParameterTangent? tangent)
        {
            Loss = EnergyError2 = ForceError2 = 0;
            Energies = ForceComponents = 0;
            if (tangent is null) return;
            if (CradT.Length != tangent.CradLength) CradT = new double[tangent.CradLength]; else Array.Clear(CradT);
            if (Ctilde.Length != tangent.CtildeLength) Ctilde = new double[tangent.CtildeLength]; else Array.Clear(Ctilde);
        }
    }

    /// <summary>One thread's buffers, reused across evaluations; fills the block it is given.</summary>
    private sealed class Worker(int maxAtoms)
    {
        private readonly AceWorkspace _ws = new();
        private readonly AceTangentWorkspace _tws = new();
        private readonly EfsResult _result = new();
        private readonly double[] _lambda = new double[3 * maxAtoms];
        private readonly double[] _mu = new double[9];

        public void Run(AceLoss owner, AceEvaluator evaluator, AceParameterTangent? tangent, BlockSums sums, int block, int blocks)
        {
            sums.Clear(tangent);
            double inverseCount = 1.0 / owner._reference.Count;
            for (int k = block; k < owner._reference.Count; k += blocks)
            {
                var cfg = owner._reference[k];
                var nl = owner._neighbours[k];
                evaluator.Evaluate(cfg, nl, _ws, _result);
                double alpha = Residuals(owner.Weights, cfg, inverseCount, sums);
                tangent?.Accumulate(cfg, nl, _tws, alpha, _lambda.AsSpan(0, 3 * cfg.AtomCount), _mu, sums.CradT, sums.Ctilde);
            }
        }

        /// <summary>Adds this configuration's term to the loss and its errors to the RMSE sums; fills λ = ∂L/∂F, μ = ∂L/∂W and returns α = ∂L/∂E.</summary>
        private double Residuals(LossWeights w, Configuration cfg, double inverseCount, BlockSums sums)
        {
            sums.Loss += LossResiduals.Evaluate(w, cfg, _result, inverseCount, _lambda, _mu, out double alpha);
            if (cfg.Energy is double e0)
            {
                double d = (_result.Energy - e0) / cfg.AtomCount;
                sums.EnergyError2 += d * d;
                sums.Energies++;
            }
            if (cfg.Forces is { } f0)
            {
                for (int k = 0; k < 3 * cfg.AtomCount; k++) sums.ForceError2 += (_result.Forces[k] - f0[k]) * (_result.Forces[k] - f0[k]);
                sums.ForceComponents += 3 * cfg.AtomCount;
            }
            return alpha;
        }
    }
}
