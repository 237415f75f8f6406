using System.Runtime.CompilerServices;
using LowRankMlip.Ace.Kernels;
using LowRankMlip.Mtp;

namespace LowRankMlip.Ace;

/// <summary>
/// The latent (mu-view) evaluation path, chosen at construction when crad has mu rank r &lt; nradmax
/// (<see cref="AceLatentRadial"/>): per neighbour only r latent radial functions h_ρ and the r × (lmax+1)²
/// block Ã are touched; A = U·Ã and the adjoint W̃ = Uᵀ·W are per atom. The densities, embedding,
/// product basis and weights are those of the dense path (<see cref="EvaluateAtom"/>), which stays the reference.
/// </summary>
public sealed partial class AceEvaluator
{
    private readonly AceLatentRadial? _latent;

    /// <summary>Rank r of the latent (mu-view) evaluation in use, or null for the dense (n, l) one.</summary>
    public int? LatentRank => _latent?.Rank;

    /// <summary>Which evaluation path and radial contraction this evaluator uses, for bench and info.</summary>
    public string EvaluationPathDescription =>
        _latent is { } latent ? $"latent mu-view evaluation of rank {latent.Rank} (nradmax {_t.RadialCount})"
        : _t.Factored is { } factored ? $"dense (n, l) evaluation, factored radial contraction of rank {factored.Rank}"
        : "dense (n, l) evaluation, dense radial contraction";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double EvaluateAtomLatent(int i, NeighborList nl, AceWorkspace ws, EfsResult result, double[]? ctildeGradient)
    {
        var t = _t;
        var latent = _latent!;
        int mui = ws.Species[i];
        int nb = t.BasisSize, lmc = t.LmCount, rank = latent.Rank, row = 2 * lmc, block = rank * row;
        int count = GatherNeighbours(i, nl, ws);

        Array.Clear(ws.A1, 0, t.S * nb);
        Array.Clear(ws.LatentA, 0, t.S * block);
        var y = ws.LatentY.AsSpan(0, row);
        double rhoCore = 0;
        for (int jj = 0; jj < count; jj++)
        {
            int muj = ws.Mu[jj], pair = mui * t.S + muj;
            rhoCore += PrepareNeighbour(mui, jj, ws);
            // h_ρ = Σ_k W[pair][k][ρ]·g_k and h'_ρ: the radial axpy kernel over ρ.
            var h = ws.LatentH.AsSpan(jj * rank, rank);
            var dh = ws.LatentDH.AsSpan(jj * rank, rank);
            AceRadialKernel.Contract(Path, latent.Weights.AsSpan(pair * nb * rank, nb * rank),
                ws.G.AsSpan(jj * nb, nb), ws.DG.AsSpan(jj * nb, nb), h, dh, nb, rank);
            // Ã[μj][ρ][(Re, Im) lm] += h_ρ·Y_lm.
            ws.YRe.AsSpan(jj * lmc, lmc).CopyTo(y);
            ws.YIm.AsSpan(jj * lmc, lmc).CopyTo(y[lmc..]);
            AceLatentKernel.Accumulate(Path, h, y, ws.LatentA.AsSpan(muj * block, block), rank, row);
        }
        latent.Mix(t, mui, ws.LatentA, ws.ARe, ws.AIm);

        double site = SiteEnergyAndWeights(mui, count, rhoCore, ws, ctildeGradient, out double dEdCore);
        latent.MixBackward(t, mui, ws.WRe, ws.WIm, ws.LatentW);

        // ∂E_i/∂r_ij = Σ_ρlm Re(W̃·(h'_ρ Y r̂ + h_ρ ∇Y)) = Re(ω'·Y) r̂ + Re(ω·∇Y), ω = Σ_ρ h_ρ W̃_ρ, ω' = Σ_ρ h'_ρ W̃_ρ.
        var omega = ws.LatentOmega.AsSpan(0, row);
        var dOmega = ws.LatentDOmega.AsSpan(0, row);
        for (int jj = 0; jj < count; jj++)
        {
            int muj = ws.Mu[jj];
            AceRadialKernel.Contract(Path, ws.LatentW.AsSpan(muj * block, block),
                ws.LatentH.AsSpan(jj * rank, rank), ws.LatentDH.AsSpan(jj * rank, rank), omega, dOmega, rank, row);
            double radial = NeighbourRadialTerm(jj, dEdCore, ws);
            double vx = 0, vy = 0, vz = 0;
            int yBase = jj * lmc;
            for (int lm = 0; lm < lmc; lm++)
            {
                double wr = omega[lm], wi = omega[lmc + lm];
                radial += dOmega[lm] * ws.YRe[yBase + lm] - dOmega[lmc + lm] * ws.YIm[yBase + lm];
                int gb = 3 * (yBase + lm);
                vx += wr * ws.GradYRe[gb] - wi * ws.GradYIm[gb];
                vy += wr * ws.GradYRe[gb + 1] - wi * ws.GradYIm[gb + 1];
                vz += wr * ws.GradYRe[gb + 2] - wi * ws.GradYIm[gb + 2];
            }
            Scatter(i, jj, radial, vx, vy, vz, nl, ws, result);
        }
        return site;
    }
}
