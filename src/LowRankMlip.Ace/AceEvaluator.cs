using System.Runtime.CompilerServices;
using LowRankMlip.Ace.Kernels;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Ace;

/// <summary>
/// Energy, site energies, forces and virial of an ACE potential (ace-spec §2, §7) with analytic radial
/// functions. Per atom: radial basis g_k, R_nl = crad·g, Y_lm → A1 and A; densities ρ_p from the
/// rank-1 and product terms; embedding; then the adjoint weights ∂E_i/∂A and one pass over the
/// neighbours for ∂E_i/∂r_ij. A configuration type t is species t (the t-th entry of elements).
/// Thread-safe with one <see cref="AceWorkspace"/> per thread.
/// </summary>
public sealed partial class AceEvaluator : IConfigurationEvaluator
{
    private readonly AceBasisTables _t;
    private readonly AceSphericalHarmonics _ylm;

    /// <param name="allowFactoredRadial">Use the factored radial contraction when crad has low pairmu rank (<see cref="AceFactoredRadial"/>).</param>
    /// <param name="allowLatent">Use the latent (mu-view) evaluation when crad has mu rank below nradmax (<see cref="AceLatentRadial"/>).</param>
    public AceEvaluator(AcePotential potential, KernelPath path = KernelPath.Auto, bool allowFactoredRadial = true, bool allowLatent = true)
    {
        Potential = potential;
        Path = KernelDispatch.Resolve(path);
        _t = new AceBasisTables(potential, allowFactoredRadial);
        _latent = allowLatent ? AceLatentRadial.TryCreate(potential, _t) : null;
        _ylm = new AceSphericalHarmonics(_t.Lmax);
        Cutoff = potential.MaxCutoff;
    }

    public AcePotential Potential { get; }
    public KernelPath Path { get; }
    public double Cutoff { get; }

    /// <summary>Rank of the factored radial contraction in use, or null for the dense one.</summary>
    public int? FactoredRadialRank => _t.Factored?.Rank;

    internal AceBasisTables Tables => _t;

    public AceWorkspace CreateWorkspace() => new();

    public Action<Configuration, NeighborList, EfsResult> CreateWorker()
    {
        var workspace = CreateWorkspace();
        return (cfg, neighbours, result) => Evaluate(cfg, neighbours, workspace, result);
    }

    /// <summary>Convenience: builds the neighbour list and a result (allocates).</summary>
    public EfsResult Evaluate(Configuration cfg)
    {
        var result = new EfsResult();
        Evaluate(cfg, NeighborList.Build(cfg, Cutoff), CreateWorkspace(), result);
        return result;
    }

    /// <summary>Evaluates <paramref name="cfg"/> into <paramref name="result"/> (no allocation once the workspace is warm).</summary>
    public void Evaluate(Configuration cfg, NeighborList nl, AceWorkspace ws, EfsResult result) =>
        Evaluate(cfg, nl, ws, result, null, null);

    /// <summary>
    /// Energy and its gradients with respect to crad (flat radial tensor of <see cref="AceRadialTensor"/>)
    /// and the c̃ coefficients (species, functions in file order, each function's ctildes), ace-spec §10.
    /// </summary>
    public (EfsResult Result, double[] Crad, double[] Ctildes) EnergyGradients(Configuration cfg)
    {
        var result = new EfsResult();
        var cradT = new double[_t.CradT.Length];
        var ctildes = new double[_t.CoefficientCount];
        Evaluate(cfg, NeighborList.Build(cfg, Cutoff), CreateWorkspace(), result, cradT, ctildes);
        // CradT layout [pair][k][nl] → flat tensor [pair][nl][k].
        var crad = new double[cradT.Length];
        int nb = _t.BasisSize, nlc = _t.NlCount;
        for (int pair = 0; pair < _t.S * _t.S; pair++)
            for (int k = 0; k < nb; k++)
                for (int j = 0; j < nlc; j++)
                    crad[(pair * nlc + j) * nb + k] = cradT[(pair * nb + k) * nlc + j];
        return (result, crad, ctildes);
    }

    /// <summary>
    /// As <see cref="Evaluate(Configuration, NeighborList, AceWorkspace, EfsResult)"/>; when
    /// <paramref name="cradGradient"/> is given (length S²·nradbase·nradmax·(lmax+1), layout of
    /// <see cref="AceBasisTables.CradT"/>), ∂E/∂crad is added to it, and ∂E/∂c̃ to
    /// <paramref name="ctildeGradient"/> (ace-spec §10).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Evaluate(Configuration cfg, NeighborList nl, AceWorkspace ws, EfsResult result, double[]? cradGradient, double[]? ctildeGradient)
    {
        int n = cfg.AtomCount;
        ws.EnsureAtoms(n);
        ws.EnsureTables(_t);
        ws.EnsureNeighbours(nl.MaxNeighborCount, _t);
        if (_latent is not null) ws.EnsureLatent(nl.MaxNeighborCount, _t, _latent.Rank);
        for (int i = 0; i < n; i++)
        {
            int type = cfg.Types[i];
            if (type < 0 || type >= _t.S)
                throw new ArgumentException($"atom {i + 1} has type {type}, but the potential has species 0..{_t.S - 1} ({string.Join(", ", Potential.Elements)})");
            ws.Species[i] = type;
        }
        result.Reset(n);
        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            // ∂E/∂crad needs the dense R_nl; everything else may take the latent path.
            double site = _latent is not null && cradGradient is null
                ? EvaluateAtomLatent(i, nl, ws, result, ctildeGradient)
                : EvaluateAtom(i, nl, ws, result, cradGradient, ctildeGradient);
            result.SiteEnergies[i] = site;
            energy += site;
        }
        result.Energy = energy;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double EvaluateAtom(int i, NeighborList nl, AceWorkspace ws, EfsResult result, double[]? cradGradient, double[]? ctildeGradient)
    {
        var t = _t;
        int mui = ws.Species[i];
        int nb = t.BasisSize, nlc = t.NlCount, lmc = t.LmCount, l1 = t.Lmax + 1;
        int count = GatherNeighbours(i, nl, ws);

        Array.Clear(ws.A1, 0, t.S * nb);
        Array.Clear(ws.ARe, 0, t.ACount);
        Array.Clear(ws.AIm, 0, t.ACount);
        double rhoCore = 0;
        for (int jj = 0; jj < count; jj++)
        {
            int muj = ws.Mu[jj], pair = mui * t.S + muj;
            rhoCore += PrepareNeighbour(mui, jj, ws);
            var g = ws.G.AsSpan(jj * nb, nb);
            var dg = ws.DG.AsSpan(jj * nb, nb);
            var rnl = ws.Rnl.AsSpan(jj * nlc, nlc);
            if (t.Factored is { } factored)
            {
                // R_nl = Σ_r L[pair][r][nl]·(Vᵀg)_r: the same axpy kernel over r instead of k.
                int rank = factored.Rank;
                factored.Project(g, dg, ws.H, ws.DH);
                AceRadialKernel.Contract(Path, factored.Loadings.AsSpan(pair * rank * nlc, rank * nlc), ws.H, ws.DH, rnl, ws.DRnl.AsSpan(jj * nlc, nlc), rank, nlc);
            }
            else AceRadialKernel.Contract(Path, t.CradT.AsSpan(pair * nb * nlc, nb * nlc), g, dg, rnl, ws.DRnl.AsSpan(jj * nlc, nlc), nb, nlc);
            var yRe = ws.YRe.AsSpan(jj * lmc, lmc);
            var yIm = ws.YIm.AsSpan(jj * lmc, lmc);
            // ace-spec §2: A[μ][n][l][m] = Σ R_nl·Y_lm (m ≥ 0 stored).
            for (int rn = 0; rn < t.RadialCount; rn++)
            {
                int aBase = (muj * t.RadialCount + rn) * lmc;
                for (int l = 0; l <= t.Lmax; l++)
                {
                    double rv = rnl[rn * l1 + l];
                    if (rv == 0) continue;
                    int lm0 = AceSphericalHarmonics.Index(l, 0);
                    for (int m = 0; m <= l; m++)
                    {
                        ws.ARe[aBase + lm0 + m] += rv * yRe[lm0 + m];
                        ws.AIm[aBase + lm0 + m] += rv * yIm[lm0 + m];
                    }
                }
            }
        }

        double site = SiteEnergyAndWeights(mui, count, rhoCore, ws, ctildeGradient, out double dEdCore);

        // ∂E_i/∂r_ij per neighbour, scattered into forces and virial (ace-spec §7).
        for (int jj = 0; jj < count; jj++)
        {
            int muj = ws.Mu[jj];
            double radial = NeighbourRadialTerm(jj, dEdCore, ws);
            double vx = 0, vy = 0, vz = 0;
            int yBase = jj * lmc;
            for (int rn = 0; rn < t.RadialCount; rn++)
            {
                int aBase = (muj * t.RadialCount + rn) * lmc;
                for (int l = 0; l <= t.Lmax; l++)
                {
                    double rv = ws.Rnl[jj * nlc + rn * l1 + l], drv = ws.DRnl[jj * nlc + rn * l1 + l];
                    int lm0 = AceSphericalHarmonics.Index(l, 0);
                    double wy = 0, gx = 0, gy = 0, gz = 0;
                    for (int m = 0; m <= l; m++)
                    {
                        int lm = lm0 + m;
                        double wr = ws.WRe[aBase + lm], wi = ws.WIm[aBase + lm];
                        wy += wr * ws.YRe[yBase + lm] - wi * ws.YIm[yBase + lm];
                        int gb = 3 * (yBase + lm);
                        gx += wr * ws.GradYRe[gb] - wi * ws.GradYIm[gb];
                        gy += wr * ws.GradYRe[gb + 1] - wi * ws.GradYIm[gb + 1];
                        gz += wr * ws.GradYRe[gb + 2] - wi * ws.GradYIm[gb + 2];
                    }
                    radial += drv * wy;
                    vx += rv * gx; vy += rv * gy; vz += rv * gz;
                    if (cradGradient is not null && wy != 0)
                    {
                        // ace-spec §10: ∂E_i/∂crad[μi][μj][n][l][k] = Σ_j g_k·Σ_m Re(W·Y).
                        int pairBase = (mui * t.S + muj) * nb * nlc + rn * l1 + l;
                        for (int k = 0; k < nb; k++) cradGradient[pairBase + k * nlc] += ws.G[jj * nb + k] * wy;
                    }
                }
            }
            Scatter(i, jj, radial, vx, vy, vz, nl, ws, result);
        }
        return site;
    }

    /// <summary>
    /// g_k, Y_lm and φ_core of neighbour jj (ace-spec §2, §3, §4) into the workspace, and A1[μ_j][k] += g_k;
    /// returns φ_core(r_ij).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double PrepareNeighbour(int mui, int jj, AceWorkspace ws)
    {
        var t = _t;
        int muj = ws.Mu[jj], nb = t.BasisSize, lmc = t.LmCount;
        var bond = t.Bonds[mui, muj];
        double r = ws.R[jj];
        var g = ws.G.AsSpan(jj * nb, nb);
        var dg = ws.DG.AsSpan(jj * nb, nb);
        g.Clear(); dg.Clear();
        AceRadialFunctions.Basis(bond, t.Kinds[mui * t.S + muj], r, g, dg);
        _ylm.Evaluate(ws.Ux[jj], ws.Uy[jj], ws.Uz[jj], r, ws.PScratch, ws.DPScratch, ws.YRe.AsSpan(jj * lmc, lmc), ws.YIm.AsSpan(jj * lmc, lmc),
            ws.GradYRe.AsSpan(3 * jj * lmc, 3 * lmc), ws.GradYIm.AsSpan(3 * jj * lmc, 3 * lmc));
        if (t.IsZbl) AceZbl.Pair(bond, t.AtomicNumbers[mui], t.AtomicNumbers[muj], r, out ws.Phi[jj], out ws.DPhi[jj]);
        else AceRadialFunctions.CoreRepulsion(bond, r, out ws.Phi[jj], out ws.DPhi[jj]);
        // ace-spec §2: A1[μ][k] = Σ g_k.
        var a1 = ws.A1.AsSpan(muj * nb, nb);
        for (int k = 0; k < nb; k++) a1[k] += g[k];
        return ws.Phi[jj];
    }

    /// <summary>
    /// From A1 and A: densities, embedding, core switch and site energy, then the adjoint weights W1 = ∂E_i/∂A1
    /// and W = ∂E_i/∂A (ace-spec §2, §3, §5, §7); ∂E_i/∂ρ_core in <paramref name="dEdCore"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SiteEnergyAndWeights(int mui, int count, double rhoCore, AceWorkspace ws, double[]? ctildeGradient, out double dEdCore)
    {
        var t = _t;
        int nb = t.BasisSize;
        // Densities, embedding and the core switch (ace-spec §2, §3, §5).
        int densities = t.DensityCount[mui];
        var rho = ws.Rho.AsSpan(0, densities);
        rho.Clear();
        var rank1 = t.Rank1[mui];
        for (int f = 0; f < rank1.Count; f++)
        {
            double a = ws.A1[rank1.Index[f]];
            for (int p = 0; p < densities; p++) rho[p] += rank1.Coefficients[f * densities + p] * a;
        }
        var products = t.Products[mui];
        for (int q = 0; q < products.Count; q++)
        {
            double value = ProductForward(products, q, ws);
            for (int p = 0; p < densities; p++) rho[p] += products.Coefficients[q * densities + p] * value;
        }
        var embedding = Potential.Embeddings[mui];
        double f0 = 0;
        var dF = ws.DF.AsSpan(0, densities);
        for (int p = 0; p < densities; p++)
        {
            f0 += embedding.Weight(p) * AceEmbeddingFunctions.Evaluate(embedding.Kind, rho[p], embedding.Exponent(p), out double d);
            dF[p] = embedding.Weight(p) * d;
        }
        double site, fcut;
        if (t.IsZbl)
        {
            // ace-spec §3 zbl: E_i = F·f + ρ_core·(1 − f) + E0, f a switch of the nearest neighbour's distance.
            ws.SwitchNeighbour = AceZbl.Switch(t.Bonds, mui, ws.Mu, ws.R, count, out fcut, out double dfdr);
            site = f0 * fcut + rhoCore * (1 - fcut) + Potential.E0[mui];
            dEdCore = 1 - fcut;
            ws.SwitchRadial = (f0 - rhoCore) * dfdr;
        }
        else
        {
            // ace-spec §3: E_i = F·f_cut(ρ_core) + ρ_core + E0 (f_cut is 1 unless ρ_core nears rho_core_cutoff).
            AceRadialFunctions.InnerPolynomial(rhoCore, embedding.RhoCoreCutoff, embedding.DrhoCoreCutoff, out fcut, out double dfcut);
            site = f0 * fcut + rhoCore + Potential.E0[mui];
            dEdCore = f0 * dfcut + 1;
            ws.SwitchNeighbour = -1;
        }
        for (int p = 0; p < densities; p++) dF[p] *= fcut;
        if (ctildeGradient is not null) AddCoefficientGradient(rank1, products, densities, dF, ws, ctildeGradient);

        // Adjoint weights: dE_i = Σ W1·dA1 + Σ Re(W·dA) over stored m ≥ 0 (ace-spec §7, here without the ½/×2 trick).
        Array.Clear(ws.W1, 0, t.S * nb);
        Array.Clear(ws.WRe, 0, t.ACount);
        Array.Clear(ws.WIm, 0, t.ACount);
        for (int f = 0; f < rank1.Count; f++)
        {
            double w = 0;
            for (int p = 0; p < densities; p++) w += dF[p] * rank1.Coefficients[f * densities + p];
            ws.W1[rank1.Index[f]] += w;
        }
        for (int q = 0; q < products.Count; q++)
        {
            double theta = 0;
            for (int p = 0; p < densities; p++) theta += dF[p] * products.Coefficients[q * densities + p];
            if (theta == 0) continue;
            ProductBackward(products, q, theta, ws);
        }

        return site;
    }

    /// <summary>The r̂ coefficient of ∂E_i/∂r_ij from the core repulsion, the zbl switch and the rank-1 functions (ace-spec §3, §7).</summary>
    private double NeighbourRadialTerm(int jj, double dEdCore, AceWorkspace ws)
    {
        int nb = _t.BasisSize, muj = ws.Mu[jj];
        double radial = dEdCore * ws.DPhi[jj];
        if (jj == ws.SwitchNeighbour) radial += ws.SwitchRadial;
        for (int k = 0; k < nb; k++) radial += ws.W1[muj * nb + k] * ws.DG[jj * nb + k];
        return radial;
    }

    /// <summary>f_ji = radial·r̂ + v = ∂E_i/∂r_ij into forces (f_i += f_ji, f_j −= f_ji) and the virial (ace-spec §7 step 6).</summary>
    private static void Scatter(int i, int jj, double radial, double vx, double vy, double vz, NeighborList nl, AceWorkspace ws, EfsResult result)
    {
        var forces = result.Forces;
        var virial = result.VirialMatrix;
        double fx = radial * ws.Ux[jj] + vx, fy = radial * ws.Uy[jj] + vy, fz = radial * ws.Uz[jj] + vz;
        int j = nl.Indices[ws.Entry[jj]];
        forces[3 * i] += fx; forces[3 * i + 1] += fy; forces[3 * i + 2] += fz;
        forces[3 * j] -= fx; forces[3 * j + 1] -= fy; forces[3 * j + 2] -= fz;
        double x = ws.Ux[jj] * ws.R[jj], y = ws.Uy[jj] * ws.R[jj], z = ws.Uz[jj] * ws.R[jj];
        virial[0] -= fx * x; virial[1] -= fx * y; virial[2] -= fx * z;
        virial[3] -= fy * x; virial[4] -= fy * y; virial[5] -= fy * z;
        virial[6] -= fz * x; virial[7] -= fz * y; virial[8] -= fz * z;
    }

    /// <summary>∂E_i/∂c̃_{f,s,p} = F'_p·(A1 of a rank-1 function, or Re Π z of a product term) (ace-spec §2).</summary>
    private static void AddCoefficientGradient(AceBasisTables.Rank1Functions rank1, AceBasisTables.ProductTerms products, int densities,
        ReadOnlySpan<double> dF, AceWorkspace ws, double[] gradient)
    {
        for (int f = 0; f < rank1.Count; f++)
            for (int p = 0; p < densities; p++) gradient[rank1.CoefficientOffset[f] + p] += dF[p] * ws.A1[rank1.Index[f]];
        for (int q = 0; q < products.Count; q++)
        {
            ProductPrefix(products, q, ws, out int rank);
            for (int p = 0; p < densities; p++) gradient[products.CoefficientOffset[q] + p] += dF[p] * ws.PreRe[rank];
        }
    }

    /// <summary>Neighbours of atom i inside their bond's cutoff, with unit vectors; returns the count.</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int GatherNeighbours(int i, NeighborList nl, AceWorkspace ws)
    {
        int mui = ws.Species[i], count = 0;
        for (int e = nl.Offsets[i]; e < nl.Offsets[i + 1]; e++)
        {
            int muj = ws.Species[nl.Indices[e]];
            double x = nl.Vectors[3 * e], y = nl.Vectors[3 * e + 1], z = nl.Vectors[3 * e + 2];
            double r = Math.Sqrt(x * x + y * y + z * z);
            if (r >= _t.Bonds[mui, muj].Rcut) continue;
            ws.Entry[count] = e; ws.Mu[count] = muj; ws.R[count] = r;
            ws.Ux[count] = x / r; ws.Uy[count] = y / r; ws.Uz[count] = z / r;
            count++;
        }
        return count;
    }

    /// <summary>Factors z_t of term q and their prefix products Π_{u&lt;t} z_u (PreRe/PreIm[0..rank]).</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ProductPrefix(AceBasisTables.ProductTerms terms, int q, AceWorkspace ws, out int rank)
    {
        int start = terms.Start[q];
        rank = terms.Start[q + 1] - start;
        double pr = 1, pi = 0;
        ws.PreRe[0] = 1; ws.PreIm[0] = 0;
        for (int u = 0; u < rank; u++)
        {
            int idx = terms.FactorIndex[start + u];
            double sign = terms.MirrorSign[start + u];
            double zr = ws.ARe[idx], zi = ws.AIm[idx];
            // m < 0: A_{l,−m} = (−1)^m conj(A_{l,m}).
            if (sign != 0) { zr *= sign; zi *= -sign; }
            ws.ZRe[u] = zr; ws.ZIm[u] = zi;
            double nr = pr * zr - pi * zi;
            pi = pr * zi + pi * zr;
            pr = nr;
            ws.PreRe[u + 1] = pr; ws.PreIm[u + 1] = pi;
        }
    }

    /// <summary>
    /// Re Π_t z_t of term q, keeping its factors z_t (TermZ at Start[q] + t) and prefix products Π_{u&lt;t} z_u
    /// (TermPre at Start[q] + q + t, t = 0..rank) for <see cref="ProductBackward"/>, so the weights pass
    /// does not recompute them.
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double ProductForward(AceBasisTables.ProductTerms terms, int q, AceWorkspace ws)
    {
        int start = terms.Start[q], rank = terms.Start[q + 1] - start, pre = start + q;
        double pr = 1, pi = 0;
        ws.TermPreRe[pre] = 1; ws.TermPreIm[pre] = 0;
        for (int u = 0; u < rank; u++)
        {
            int idx = terms.FactorIndex[start + u];
            // m < 0: A_{l,−m} = (−1)^m conj(A_{l,m}), as multipliers (no branch on the irregular sign pattern).
            double zr = ws.ARe[idx] * terms.MirrorRe[start + u], zi = ws.AIm[idx] * terms.MirrorIm[start + u];
            ws.TermZRe[start + u] = zr; ws.TermZIm[start + u] = zi;
            double nr = pr * zr - pi * zi;
            pi = pr * zi + pi * zr;
            pr = nr;
            ws.TermPreRe[pre + u + 1] = pr; ws.TermPreIm[pre + u + 1] = pi;
        }
        return pr;
    }

    /// <summary>
    /// Adds θ·∂(Re Π z)/∂A to the weights: with dB_t = Π_{u≠t} z_u, a direct factor gives θ·dB_t and a
    /// mirrored one θ·(−1)^m·conj(dB_t), so that d(Re Π) = Re(W·dA) for the stored A (ace-spec §7).
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0 phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ProductBackward(AceBasisTables.ProductTerms terms, int q, double theta, AceWorkspace ws)
    {
        int start = terms.Start[q], rank = terms.Start[q + 1] - start, pre = start + q;
        double sr = theta, si = 0; // θ·Π_{u>t} z_u
        for (int u = rank - 1; u >= 0; u--)
        {
            double preRe = ws.TermPreRe[pre + u], preIm = ws.TermPreIm[pre + u];
            double br = preRe * sr - preIm * si, bi = preRe * si + preIm * sr;
            int idx = terms.FactorIndex[start + u];
            ws.WRe[idx] += terms.MirrorRe[start + u] * br;
            ws.WIm[idx] += terms.MirrorIm[start + u] * bi;
            double zr = ws.TermZRe[start + u], zi = ws.TermZIm[start + u];
            double nr = sr * zr - si * zi;
            si = sr * zi + si * zr;
            sr = nr;
        }
    }
}
