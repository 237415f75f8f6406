using System.Runtime.CompilerServices;
using LowRankMlip.Mtp;

namespace LowRankMlip.Ace;

/// <summary>
/// Forward-over-reverse pass of the ACE energy for the parameter gradient of a force/virial loss (the MTP trainer's
/// scheme, mtp-spec §5.5, applied to ace-spec §2, §7, §10). For a displacement field λ (3 per atom) and a strain
/// direction μ (3×3 row-major) every bond vector moves as ṙ_ij = (λ_j − λ_i) + μ·r_ij, and this adds
/// <code>α·∂E/∂θ − d/dε ∂E/∂θ(r + ε ṙ)</code>
/// to the gradients of θ = (crad, c̃). With F = −∂E/∂x and W_ab = −∂E/∂ε_ab (the evaluator's virial), the
/// directional derivative is −Σ λ·∂F/∂θ − Σ μ:∂W/∂θ, so λ = ∂L/∂F, μ = ∂L/∂W and α = ∂L/∂E give the exact ∂L/∂θ.
/// The tangent (a dot) rides along every stage: ġ = g'ṙ, Ṙ_nl = R'_nl ṙ, Ẏ = ∇Y·ṙ_ij, Ȧ, ρ̇, (F'_p)˙ = F''_p ρ̇_p
/// (and f_cut'(ρ_core)·ρ̇_core), the product-term adjoint Ẇ, then ∂E/∂crad = Σ_j g_k Re(W·Y) and ∂E/∂c̃ = F'·B.
/// Uses the dense crad (never the factored contraction). Thread-safe with one workspace per thread.
/// </summary>
internal sealed class AceParameterTangent
{
    private readonly AcePotential _p;
    private readonly AceBasisTables _t;
    private readonly AceSphericalHarmonics _ylm;

    public AceParameterTangent(AcePotential potential)
    {
        _p = potential;
        _t = new AceBasisTables(potential, allowFactoredRadial: false);
        _ylm = new AceSphericalHarmonics(_t.Lmax);
    }

    /// <summary>Length of the crad gradient in the evaluator's [pair][k][nl] layout.</summary>
    public int CradLength => _t.CradT.Length;
    public int CtildeLength => _t.CoefficientCount;

    /// <summary>
    /// Adds α∂E/∂θ − (∂E/∂θ)˙ for <paramref name="cfg"/> to <paramref name="cradT"/> ([pair][k][nl]) and
    /// <paramref name="ctilde"/> (flat c̃); allocates nothing once <paramref name="ws"/> is warm.
    /// </summary>
    public void Accumulate(Configuration cfg, NeighborList nl, AceTangentWorkspace ws, double alpha,
        ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu, Span<double> cradT, Span<double> ctilde)
    {
        int n = cfg.AtomCount;
        if (lambda.Length < 3 * n || mu.Length < 9) throw new ArgumentException($"the direction needs 3·{n} displacements and 9 strain components");
        ws.Ensure(_t, nl.MaxNeighborCount);
        for (int i = 0; i < n; i++)
        {
            int type = cfg.Types[i];
            if (type < 0 || type >= _t.S)
                throw new ArgumentException($"atom {i + 1} has type {type}, but the potential has species 0..{_t.S - 1} ({string.Join(", ", _p.Elements)})");
        }
        for (int i = 0; i < n; i++) AccumulateAtom(cfg, i, nl, ws, alpha, lambda, mu, cradT, ctilde);
    }

    /// <summary>Reorders a [pair][k][nl] crad gradient into the flat radial tensor [pair][nl][k] of <see cref="AceRadialTensor"/>.</summary>
    public void ToRadialTensor(ReadOnlySpan<double> cradT, Span<double> flat)
    {
        int nb = _t.BasisSize, nlc = _t.NlCount;
        for (int pair = 0; pair < _t.S * _t.S; pair++)
            for (int k = 0; k < nb; k++)
                for (int j = 0; j < nlc; j++)
                    flat[(pair * nlc + j) * nb + k] = cradT[(pair * nb + k) * nlc + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateAtom(Configuration cfg, int i, NeighborList nl, AceTangentWorkspace ws, double alpha,
        ReadOnlySpan<double> lambda, ReadOnlySpan<double> mu, Span<double> cradT, Span<double> ctilde)
    {
        var t = _t;
        int mui = cfg.Types[i];
        int nb = t.BasisSize, nlc = t.NlCount, lmc = t.LmCount, l1 = t.Lmax + 1;
        Array.Clear(ws.A1); Array.Clear(ws.TA1);
        Array.Clear(ws.ARe); Array.Clear(ws.AIm); Array.Clear(ws.TARe); Array.Clear(ws.TAIm);
        double rhoCore = 0, tRhoCore = 0;
        int count = 0;
        for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
        {
            int j = nl.Indices[e], muj = cfg.Types[j];
            var bond = t.Bonds[mui, muj];
            double x = nl.Vectors[3 * e], y = nl.Vectors[3 * e + 1], z = nl.Vectors[3 * e + 2];
            double r = Math.Sqrt(x * x + y * y + z * z);
            if (r >= bond.Rcut) continue;
            int jj = count++;
            ws.Mu[jj] = muj;
            double ux = x / r, uy = y / r, uz = z / r;
            // ṙ_ij = (λ_j − λ_i) + μ·r_ij and ṙ = u·ṙ_ij.
            double dx = lambda[3 * j] - lambda[3 * i] + mu[0] * x + mu[1] * y + mu[2] * z;
            double dy = lambda[3 * j + 1] - lambda[3 * i + 1] + mu[3] * x + mu[4] * y + mu[5] * z;
            double dz = lambda[3 * j + 2] - lambda[3 * i + 2] + mu[6] * x + mu[7] * y + mu[8] * z;
            double rDot = ux * dx + uy * dy + uz * dz;
            ws.RDot[jj] = rDot;

            var g = ws.G.AsSpan(jj * nb, nb);
            var dg = ws.DG.AsSpan(jj * nb, nb);
            // Basis fills only the bond's own nradbasemax entries.
            g.Clear(); dg.Clear();
            AceRadialFunctions.Basis(bond, t.Kinds[mui * t.S + muj], r, g, dg);
            var yRe = ws.YRe.AsSpan(jj * lmc, lmc);
            var yIm = ws.YIm.AsSpan(jj * lmc, lmc);
            _ylm.Evaluate(ux, uy, uz, r, ws.PScratch, ws.DPScratch, yRe, yIm, ws.GradYRe, ws.GradYIm);
            var tyRe = ws.TYRe.AsSpan(jj * lmc, lmc);
            var tyIm = ws.TYIm.AsSpan(jj * lmc, lmc);
            for (int lm = 0; lm < lmc; lm++)
            {
                tyRe[lm] = ws.GradYRe[3 * lm] * dx + ws.GradYRe[3 * lm + 1] * dy + ws.GradYRe[3 * lm + 2] * dz;
                tyIm[lm] = ws.GradYIm[3 * lm] * dx + ws.GradYIm[3 * lm + 1] * dy + ws.GradYIm[3 * lm + 2] * dz;
            }
            AceRadialFunctions.CoreRepulsion(bond, r, out double phi, out double dphi);
            rhoCore += phi;
            tRhoCore += dphi * rDot;

            // R_nl = Σ_k g_k crad[k][nl], Ṙ_nl = ṙ Σ_k g'_k crad[k][nl] (ace-spec §2).
            var rnl = ws.Rnl.AsSpan(0, nlc);
            var drnl = ws.DRnl.AsSpan(0, nlc);
            rnl.Clear(); drnl.Clear();
            var block = t.CradT.AsSpan((mui * t.S + muj) * nb * nlc, nb * nlc);
            for (int k = 0; k < nb; k++)
            {
                double gk = g[k], dgk = dg[k];
                ws.A1[muj * nb + k] += gk;
                ws.TA1[muj * nb + k] += dgk * rDot;
                if (gk == 0 && dgk == 0) continue;
                var row = block.Slice(k * nlc, nlc);
                for (int q = 0; q < nlc; q++) { rnl[q] += gk * row[q]; drnl[q] += dgk * row[q]; }
            }
            for (int rn = 0; rn < t.RadialCount; rn++)
            {
                int aBase = (muj * t.RadialCount + rn) * lmc;
                for (int l = 0; l <= t.Lmax; l++)
                {
                    double rv = rnl[rn * l1 + l], trv = drnl[rn * l1 + l] * rDot;
                    int lm0 = AceSphericalHarmonics.Index(l, 0);
                    for (int m = 0; m <= l; m++)
                    {
                        int lm = lm0 + m;
                        ws.ARe[aBase + lm] += rv * yRe[lm];
                        ws.AIm[aBase + lm] += rv * yIm[lm];
                        ws.TARe[aBase + lm] += trv * yRe[lm] + rv * tyRe[lm];
                        ws.TAIm[aBase + lm] += trv * yIm[lm] + rv * tyIm[lm];
                    }
                }
            }
        }

        // ρ_p and ρ̇_p from the rank-1 functions and the product terms (ace-spec §2).
        int densities = t.DensityCount[mui];
        var rho = ws.Rho.AsSpan(0, densities);
        var tRho = ws.TRho.AsSpan(0, densities);
        rho.Clear(); tRho.Clear();
        var rank1 = t.Rank1[mui];
        for (int f = 0; f < rank1.Count; f++)
        {
            double a = ws.A1[rank1.Index[f]], ta = ws.TA1[rank1.Index[f]];
            for (int p = 0; p < densities; p++)
            {
                double c = rank1.Coefficients[f * densities + p];
                rho[p] += c * a; tRho[p] += c * ta;
            }
        }
        var products = t.Products[mui];
        for (int q = 0; q < products.Count; q++)
        {
            Prefix(products, q, ws, out int rank);
            double value = ws.PreRe[rank], tValue = ws.TPreRe[rank];
            for (int p = 0; p < densities; p++)
            {
                double c = products.Coefficients[q * densities + p];
                rho[p] += c * value; tRho[p] += c * tValue;
            }
        }

        // F'_p·f_cut and its tangent F''_p ρ̇_p f_cut + F'_p f_cut'(ρ_core) ρ̇_core (ace-spec §3, §5).
        var embedding = _p.Embeddings[mui];
        AceRadialFunctions.InnerPolynomial(rhoCore, embedding.RhoCoreCutoff, embedding.DrhoCoreCutoff, out double fcut, out double dfcut);
        var dF = ws.DF.AsSpan(0, densities);
        var tdF = ws.TDF.AsSpan(0, densities);
        for (int p = 0; p < densities; p++)
        {
            double wgt = embedding.Weight(p), m = embedding.Exponent(p);
            AceEmbeddingFunctions.Evaluate(embedding.Kind, rho[p], m, out double d1);
            double d2 = AceEmbeddingCurvature.SecondDerivative(embedding.Kind, rho[p], m);
            dF[p] = wgt * d1 * fcut;
            tdF[p] = wgt * (d2 * tRho[p] * fcut + d1 * dfcut * tRhoCore);
        }

        // ∂E/∂c̃ = F'_p·B and its tangent.
        for (int f = 0; f < rank1.Count; f++)
        {
            double a = ws.A1[rank1.Index[f]], ta = ws.TA1[rank1.Index[f]];
            int off = rank1.CoefficientOffset[f];
            for (int p = 0; p < densities; p++) ctilde[off + p] += alpha * dF[p] * a - (tdF[p] * a + dF[p] * ta);
        }

        // Adjoint W = Σ_q θ_q ∂(Re Π z)/∂A and Ẇ; the c̃ gradient of the product terms on the way (ace-spec §7).
        Array.Clear(ws.WRe); Array.Clear(ws.WIm); Array.Clear(ws.TWRe); Array.Clear(ws.TWIm);
        for (int q = 0; q < products.Count; q++)
        {
            Prefix(products, q, ws, out int rank);
            double value = ws.PreRe[rank], tValue = ws.TPreRe[rank];
            int off = products.CoefficientOffset[q];
            double theta = 0, tTheta = 0;
            for (int p = 0; p < densities; p++)
            {
                double c = products.Coefficients[q * densities + p];
                theta += dF[p] * c; tTheta += tdF[p] * c;
                ctilde[off + p] += alpha * dF[p] * value - (tdF[p] * value + dF[p] * tValue);
            }
            if (theta != 0 || tTheta != 0) Backward(products, q, rank, theta, tTheta, ws);
        }

        // ∂E/∂crad[μi][μj][k][nl] = Σ_j g_k Σ_m Re(W·Y) and its tangent (ace-spec §10).
        for (int jj = 0; jj < count; jj++)
        {
            int muj = ws.Mu[jj];
            double rDot = ws.RDot[jj];
            int yBase = jj * lmc, gBase = jj * nb;
            int pairBase = (mui * t.S + muj) * nb * nlc;
            for (int rn = 0; rn < t.RadialCount; rn++)
            {
                int aBase = (muj * t.RadialCount + rn) * lmc;
                for (int l = 0; l <= t.Lmax; l++)
                {
                    int lm0 = AceSphericalHarmonics.Index(l, 0);
                    double wy = 0, twy = 0;
                    for (int m = 0; m <= l; m++)
                    {
                        int lm = lm0 + m, a = aBase + lm, yy = yBase + lm;
                        wy += ws.WRe[a] * ws.YRe[yy] - ws.WIm[a] * ws.YIm[yy];
                        twy += ws.TWRe[a] * ws.YRe[yy] - ws.TWIm[a] * ws.YIm[yy] + ws.WRe[a] * ws.TYRe[yy] - ws.WIm[a] * ws.TYIm[yy];
                    }
                    if (wy == 0 && twy == 0) continue;
                    int col = pairBase + rn * l1 + l;
                    for (int k = 0; k < nb; k++)
                    {
                        double gk = ws.G[gBase + k], tgk = ws.DG[gBase + k] * rDot;
                        cradT[col + k * nlc] += alpha * gk * wy - (tgk * wy + gk * twy);
                    }
                }
            }
        }
    }

    /// <summary>Factors z_t, ż_t of term q and the prefix products Π_{u&lt;t} z_u with their tangents (index 0..rank).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Prefix(AceBasisTables.ProductTerms terms, int q, AceTangentWorkspace ws, out int rank)
    {
        int start = terms.Start[q];
        rank = terms.Start[q + 1] - start;
        double pr = 1, pi = 0, tr = 0, ti = 0;
        ws.PreRe[0] = 1; ws.PreIm[0] = 0; ws.TPreRe[0] = 0; ws.TPreIm[0] = 0;
        for (int u = 0; u < rank; u++)
        {
            int idx = terms.FactorIndex[start + u];
            double sign = terms.MirrorSign[start + u];
            double zr = ws.ARe[idx], zi = ws.AIm[idx], tzr = ws.TARe[idx], tzi = ws.TAIm[idx];
            // m < 0: A_{l,−m} = (−1)^m conj(A_{l,m}), and the same for the tangent.
            if (sign != 0) { zr *= sign; zi *= -sign; tzr *= sign; tzi *= -sign; }
            ws.ZRe[u] = zr; ws.ZIm[u] = zi; ws.TZRe[u] = tzr; ws.TZIm[u] = tzi;
            // (P z)˙ = Ṗ z + P ż.
            double ntr = tr * zr - ti * zi + pr * tzr - pi * tzi;
            double nti = tr * zi + ti * zr + pr * tzi + pi * tzr;
            double npr = pr * zr - pi * zi;
            pi = pr * zi + pi * zr;
            pr = npr; tr = ntr; ti = nti;
            ws.PreRe[u + 1] = pr; ws.PreIm[u + 1] = pi; ws.TPreRe[u + 1] = tr; ws.TPreIm[u + 1] = ti;
        }
    }

    /// <summary>
    /// Adds θ·Π_{u≠t} z_u to W and its tangent θ̇·Π + θ·(Π_{u≠t} z_u)˙ to Ẇ, with the ±m mirror of
    /// <see cref="AceEvaluator"/>'s adjoint: S = θ·Π_{u&gt;t} z_u runs down with Ṡ = Ṡ z_t + S ż_t.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(AceBasisTables.ProductTerms terms, int q, int rank, double theta, double tTheta, AceTangentWorkspace ws)
    {
        int start = terms.Start[q];
        double sr = theta, si = 0, tsr = tTheta, tsi = 0;
        for (int u = rank - 1; u >= 0; u--)
        {
            double ar = ws.PreRe[u], ai = ws.PreIm[u], tar = ws.TPreRe[u], tai = ws.TPreIm[u];
            double br = ar * sr - ai * si, bi = ar * si + ai * sr;
            double tbr = tar * sr - tai * si + ar * tsr - ai * tsi;
            double tbi = tar * si + tai * sr + ar * tsi + ai * tsr;
            int idx = terms.FactorIndex[start + u];
            double sign = terms.MirrorSign[start + u];
            if (sign == 0)
            {
                ws.WRe[idx] += br; ws.WIm[idx] += bi;
                ws.TWRe[idx] += tbr; ws.TWIm[idx] += tbi;
            }
            else
            {
                ws.WRe[idx] += sign * br; ws.WIm[idx] -= sign * bi;
                ws.TWRe[idx] += sign * tbr; ws.TWIm[idx] -= sign * tbi;
            }
            double zr = ws.ZRe[u], zi = ws.ZIm[u], tzr = ws.TZRe[u], tzi = ws.TZIm[u];
            double ntsr = tsr * zr - tsi * zi + sr * tzr - si * tzi;
            double ntsi = tsr * zi + tsi * zr + sr * tzi + si * tzr;
            double nsr = sr * zr - si * zi;
            si = sr * zi + si * zr;
            sr = nsr; tsr = ntsr; tsi = ntsi;
        }
    }
}
