using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp;

/// <summary>
/// The latent-radial path: for a radial tensor of μ-rank r, C = U ×_μ V (<see cref="LatentRadial"/>), the
/// neighbour stage evaluates r latent radial functions instead of K and accumulates, per monomial, the
/// cheaper of r latent rows or the direct rows (see <see cref="LatentTables"/>); the contraction is unchanged.
/// E, F, W and the site energies equal those of the dense evaluator on the composed tensor up to rounding.
/// </summary>
public sealed partial class MtpEvaluator
{
    private readonly LatentRadial? _latent;
    private readonly LatentTables? _latentTables;
    /// <summary>V pre-multiplied by the scaling s (pairs × r × R).</summary>
    private readonly double[] _scaledLatent = [];

    /// <summary>
    /// An evaluator of <paramref name="potential"/> with the radial tensor replaced by
    /// <c>latent.ComposeInto(...)</c> (the potential's own <see cref="MtpPotential.RadialCoeffs"/> are ignored and
    /// may be null). <see cref="Potential"/> is then a copy carrying the composed tensor. <see cref="Evaluate(Configuration, NeighborList, EvaluatorWorkspace, EfsResult)"/>
    /// runs the latent kernels; <see cref="AccumulateParameterGradient"/> and <see cref="ComputeLinearDesign"/> run the
    /// dense kernels on the composed tensor (exact, not accelerated); <see cref="SetParameters"/> throws.
    /// </summary>
    /// <exception cref="ArgumentException">U is not K×r, V is not S²×r×R, r &gt; K, or the potential lacks species/moment coefficients.</exception>
    public MtpEvaluator(MtpPotential potential, LatentRadial latent, KernelPath path = KernelPath.Auto)
        : this(WithComposedRadial(potential, latent), path)
    {
        // Private copies: the composed tensor above and the factors below must not drift apart.
        _latent = new LatentRadial(latent.Rank, (double[])latent.Mixing.Clone(), (double[])latent.LatentCoeffs.Clone());
        _latentTables = new LatentTables(_tables, _latent.Mixing, _latent.Rank);
        _scaledLatent = new double[_latent.LatentCoeffs.Length];
        for (int k = 0; k < _scaledLatent.Length; k++) _scaledLatent[k] = _latent.LatentCoeffs[k] * _scaling;
    }

    /// <summary>True when <see cref="Evaluate(Configuration, NeighborList, EvaluatorWorkspace, EfsResult)"/> runs the latent-radial kernels.</summary>
    public bool UsesLatentRadial => _latent is not null;

    /// <summary>The factors this evaluator runs on (a private copy), or null for a dense evaluator.</summary>
    public LatentRadial? Latent => _latent;

    /// <summary>
    /// Per neighbour slot, the plan's multiply-add counts: moment rows accumulated (dense: the basic-moment count)
    /// and backward coefficients (T, ∇T per function and monomial); null for a dense evaluator.
    /// </summary>
    public (int FunctionCount, int Rows, int BackwardCoefficients)? LatentPlan =>
        _latentTables is null ? null : (_latentTables.FunctionCount, _latentTables.Cost.Rows, _latentTables.Cost.BackwardCoefficients);

    private static MtpPotential WithComposedRadial(MtpPotential potential, LatentRadial latent)
    {
        ArgumentNullException.ThrowIfNull(potential);
        ArgumentNullException.ThrowIfNull(latent);
        if (potential.SpeciesCoeffs is null || potential.MomentCoeffs is null)
            throw new ArgumentException("the potential has no species/moment coefficients (an untrained template): train it before evaluating", nameof(potential));
        int pairs = potential.SpeciesCount * potential.SpeciesCount;
        int K = potential.RadialFunctionCount, R = potential.RadialBasisSize;
        try
        {
            latent.Validate(pairs, K, R);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the latent radial factors do not fit the potential (S = {potential.SpeciesCount}, K = {K}, R = {R}): {e.Message}", nameof(latent), e);
        }
        var composed = potential.Clone();
        composed.RadialCoeffs = latent.Compose(pairs, K, R);
        return composed;
    }

    private void ThrowIfLatent(string operation)
    {
        if (_latent is not null)
            throw new InvalidOperationException($"{operation} replaces the dense radial tensor and is not available on a latent-radial evaluator: use a dense evaluator (new MtpEvaluator(potential))");
    }

    private void EvaluateLatent(Configuration cfg, NeighborList neighbours, EvaluatorWorkspace ws, EfsResult result)
    {
        ws.Latent.EnsureCapacity(_latentTables!, LaneCount);
        switch (Path)
        {
            case KernelPath.Vector512: RunLatent<Lane512, Vector512<double>>(cfg, neighbours, ws, result); break;
            case KernelPath.Vector256: RunLatent<Lane256, Vector256<double>>(cfg, neighbours, ws, result); break;
            default: RunLatent<Lane1, double>(cfg, neighbours, ws, result); break;
        }
    }

    /// <summary>
    /// As <see cref="Run{TS,TV}"/>, with the latent kernels. Each lane of the atom batch keeps its own
    /// neighbour block and slot scratch, so the backward pass reuses the forward pass's geometry and
    /// functions (only the monomials are recomputed, per pair of slot vectors).
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunLatent<TS, TV>(Configuration cfg, NeighborList nl, EvaluatorWorkspace ws, EfsResult result)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int n = cfg.AtomCount;
        var t = _tables;
        var lt = _latentTables!;
        var ls = ws.Latent;
        int basic = t.BasicCount;
        int S = _potential.SpeciesCount, R = _potential.RadialBasisSize;
        var species = ws.Species;
        var laneEnergy = ws.LaneEnergy.AsSpan(0, W);
        var siteMoments = ws.SiteMoments.AsSpan(0, basic);
        var siteAdjoint = ws.SiteAdjoint.AsSpan(0, basic);

        for (int batch = 0; batch < n; batch += W)
        {
            int used = Math.Min(W, n - batch);
            for (int l = 0; l < W; l++)
            {
                if (l < used)
                {
                    int atom = batch + l;
                    var block = ls.Blocks[l];
                    var scratch = ls.Lanes[l];
                    block.Gather(nl, atom, species, S, W, Cutoff);
                    scratch.EnsureCapacity(block.SlotCount, lt.FunctionCount, 0);
                    LatentKernels.Forward<TS, TV>(block, scratch, lt, ls, _scaledLatent, species[atom], S, R, _radial, _repulsive);
                    LatentKernels.MixForward(lt, ls, siteMoments);
                    for (int m = 0; m < basic; m++) ws.Moments[m * W + l] = siteMoments[m];
                }
                else
                {
                    for (int m = 0; m < basic; m++) ws.Moments[m * W + l] = 0;
                }
            }
            Contraction.Forward<TS, TV>(t, ws.Moments, _theta, laneEnergy);
            Contraction.Reverse<TS, TV>(t, ws.Moments, _theta, ws.Adjoint);
            for (int l = 0; l < used; l++)
            {
                int atom = batch + l;
                double site = _xi[species[atom]] + laneEnergy[l];
                for (int m = 0; m < basic; m++) siteAdjoint[m] = ws.Adjoint[m * W + l];
                LatentKernels.MixBackward(lt, siteAdjoint, ls);
                LatentKernels.Backward<TS, TV>(ls.Blocks[l], ls.Lanes[l], lt, ls);
                site += Scatter(atom, nl, ls.Blocks[l], ls.Lanes[l], result);
                result.SiteEnergies[atom] = site;
            }
        }
        double e = 0;
        for (int i = 0; i < n; i++) e += result.SiteEnergies[i];
        result.Energy = e;
    }
}
