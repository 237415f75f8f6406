using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp;

public sealed partial class MtpEvaluator
{
    /// <summary>
    /// Adds to <paramref name="gradient"/> (layout [radial C (S²KR) | ξ (S) | θ (Ns)], MLIP's
    /// regression_coeffs order, mtp-spec §5.5) the parameter derivatives of
    /// <code>Σ_i [ a·E_i + Σ_j u_ij · ∂E_i/∂r_ij ],   u_ij = λ_i − λ_j − μ r_ij</code>
    /// which for a = ∂L/∂E, λ = ∂L/∂F and μ = ∂L/∂W (3×3, row-major) is the configuration's share of
    /// ∂L/∂p. The radial part is with respect to the unscaled coefficients. Allocates nothing once warm.
    /// </summary>
    public void AccumulateParameterGradient(Configuration cfg, NeighborList neighbours, EvaluatorWorkspace ws,
        double energyWeight, ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu9, Span<double> gradient)
    {
        int n = cfg.AtomCount;
        int expected = _potential.TotalParameterCount;
        if (gradient.Length != expected) throw new ArgumentException($"gradient has {gradient.Length} entries; the potential has {expected} parameters");
        ws.EnsureCapacity(n, _tables.MomentCount, _tables.BasicCount, LaneCount);
        ws.EnsureGradientCapacity(_tables.MomentCount, _tables.BasicCount, LaneCount);
        for (int i = 0; i < n; i++)
        {
            int s = _potential.SpeciesIndexOf(cfg.Types[i]);
            if (s < 0) ThrowUnknownType(cfg.Types[i], i);
            ws.Species[i] = s;
            gradient[_potential.RadialParameterCount + s] += energyWeight; // ∂E_i/∂ξ_t = [t_i = t]
        }
        switch (Path)
        {
            case KernelPath.Vector512: RunGradient<Lane512, Vector512<double>>(cfg, neighbours, ws, energyWeight, lambda, mu9, gradient); break;
            case KernelPath.Vector256: RunGradient<Lane256, Vector256<double>>(cfg, neighbours, ws, energyWeight, lambda, mu9, gradient); break;
            default: RunGradient<Lane1, double>(cfg, neighbours, ws, energyWeight, lambda, mu9, gradient); break;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void RunGradient<TS, TV>(Configuration cfg, NeighborList nl, EvaluatorWorkspace ws, double energyWeight,
        ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu9, Span<double> gradient)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int n = cfg.AtomCount;
        var t = _tables;
        int S = _potential.SpeciesCount, R = _potential.RadialBasisSize;
        var radialGradient = gradient[.._potential.RadialParameterCount];
        var thetaGradient = gradient[(_potential.RadialParameterCount + S)..];
        for (int batch = 0; batch < n; batch += W)
        {
            int used = Math.Min(W, n - batch);
            for (int l = 0; l < W; l++)
            {
                if (l < used)
                {
                    PrepareGradientAtom<TS, TV>(batch + l, nl, ws, ws.LaneBlocks[l], ws.LaneScratches[l], S, R, lambda, mu9);
                    GradientKernels.MomentsWithTangents<TS, TV>(ws.LaneBlocks[l], ws.LaneScratches[l], t, ws.SiteMoments, ws.SiteTangents);
                    for (int m = 0; m < t.BasicCount; m++)
                    {
                        ws.Moments[m * W + l] = ws.SiteMoments[m];
                        ws.Tangents[m * W + l] = ws.SiteTangents[m];
                    }
                }
                else
                {
                    for (int m = 0; m < t.BasicCount; m++) ws.Moments[m * W + l] = ws.Tangents[m * W + l] = 0;
                }
            }
            TangentContraction.Forward<TS, TV>(t, ws.Moments, ws.Tangents);
            // ∂S/∂θ_α = a·B_α + δB_α over the atoms of the batch (padding lanes hold zeros).
            for (int a = 0; a < t.Mapping.Length; a++)
            {
                int row = t.Mapping[a] * W;
                double sum = 0;
                for (int l = 0; l < used; l++) sum += energyWeight * ws.Moments[row + l] + ws.Tangents[row + l];
                thetaGradient[a] += sum;
            }
            TangentContraction.Reverse<TS, TV>(t, ws.Moments, ws.Tangents, _theta, energyWeight, ws.Adjoint, ws.TangentAdjoint);
            for (int l = 0; l < used; l++)
            {
                int atom = batch + l;
                for (int m = 0; m < t.BasicCount; m++)
                {
                    ws.SiteAdjoint[m] = ws.Adjoint[m * W + l];
                    ws.SiteTangentAdjoint[m] = ws.TangentAdjoint[m * W + l];
                }
                GradientKernels.RadialGradient<TS, TV>(ws.LaneBlocks[l], ws.LaneScratches[l], t, ws.SiteAdjoint, ws.SiteTangentAdjoint,
                    ws.Species[atom], S, R, _scaling, radialGradient);
            }
        }
    }

    private void PrepareGradientAtom<TS, TV>(int atom, NeighborList nl, EvaluatorWorkspace ws, NeighbourBlock block, NeighbourScratch scratch,
        int S, int R, ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu9)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        block.Gather(nl, atom, ws.Species, S, TS.Count, Cutoff);
        scratch.EnsureCapacity(block.SlotCount, _tables.RadialFunctionCount, _tables.MonomialCount);
        scratch.EnsureTangentCapacity(_tables.RadialFunctionCount, _tables.MonomialCount);
        NeighbourKernels.Prepare<TS, TV>(block, scratch, _tables, _scaledCoeffs, ws.Species[atom], S, R, _radial, _repulsive);
        GradientKernels.Displacements(block, scratch, nl, atom, lambda, mu9);
    }
}
