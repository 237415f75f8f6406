using System.Runtime.Intrinsics;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Mtp;

/// <summary>
/// Energy, forces, site energies and virial of an MTP (mtp-spec §9). The per-atom neighbour work
/// runs on SoA neighbour blocks vectorized over neighbours; the moment contraction runs vectorized
/// across a batch of W atoms. The kernel width is chosen once (<see cref="KernelDispatch"/>);
/// every width gives the same result up to rounding. Thread-safe: use one workspace per thread.
/// </summary>
public sealed partial class MtpEvaluator
{
    private readonly MtpPotential _potential;
    private readonly KernelTables _tables;
    private readonly double[] _scaledCoeffs;
    private readonly double[] _theta;
    private readonly double[] _xi;
    private double _scaling;
    private readonly RadialConstants _radial;
    private readonly bool _repulsive;
    /// <summary>exp(−10(min_dist − 1)): the constant of the RBChebyshev_repuls pair energy (mtp-spec §3.1).</summary>
    private readonly double _repulsionShift;

    public MtpEvaluator(MtpPotential potential, KernelPath path = KernelPath.Auto)
    {
        if (!potential.IsTrained)
            throw new ArgumentException("the potential has no coefficients (an untrained template): train it before evaluating", nameof(potential));
        if (potential.RadialBasisSize > NeighbourKernels.MaxRadialBasisSize)
            throw new ArgumentException($"radial_basis_size = {potential.RadialBasisSize} exceeds the supported maximum {NeighbourKernels.MaxRadialBasisSize}");
        _potential = potential;
        Path = KernelDispatch.Resolve(path);
        _tables = new KernelTables(potential.Basis, potential.RadialFunctionCount);
        // mtp-spec §3.2: every basis value is multiplied by s; fold it into the coefficients once.
        _scaledCoeffs = new double[potential.RadialParameterCount];
        _theta = new double[potential.Basis.ScalarCount];
        _xi = new double[potential.SpeciesCount];
        SetParameters(potential.RadialCoeffs, potential.SpeciesCoeffs, potential.MomentCoeffs, potential.Scaling);
        _radial = new RadialConstants(potential.MinDist, potential.MaxDist);
        _repulsive = potential.BasisKind == RadialBasisKind.RBChebyshevRepulsive;
        _repulsionShift = _repulsive ? Math.Exp(-10 * (potential.MinDist - 1)) : 0;
    }

    public MtpPotential Potential => _potential;

    /// <summary>
    /// Replaces the coefficients the evaluator uses (the potential object is not modified): radial
    /// C (S²KR), species ξ (S), moment θ (Ns) and the scaling s. Used by training; not thread-safe
    /// with a running evaluation.
    /// </summary>
    public void SetParameters(ReadOnlySpan<double> radial, ReadOnlySpan<double> species, ReadOnlySpan<double> moment, double scaling)
    {
        ThrowIfLatent(nameof(SetParameters));
        if (radial.Length != _scaledCoeffs.Length || species.Length != _xi.Length || moment.Length != _theta.Length)
            throw new ArgumentException($"parameter blocks have lengths ({radial.Length}, {species.Length}, {moment.Length}); the potential expects ({_scaledCoeffs.Length}, {_xi.Length}, {_theta.Length})");
        for (int k = 0; k < radial.Length; k++) _scaledCoeffs[k] = radial[k] * scaling;
        species.CopyTo(_xi);
        moment.CopyTo(_theta);
        _scaling = scaling;
    }

    public double Scaling => _scaling;
    public KernelPath Path { get; }
    public double Cutoff => _potential.MaxDist;
    public int LaneCount => KernelDispatch.LaneCount(Path);

    public EvaluatorWorkspace CreateWorkspace() => new();

    /// <summary>Convenience: builds the neighbour list and a result (allocates).</summary>
    public EfsResult Evaluate(Configuration cfg)
    {
        var result = new EfsResult();
        Evaluate(cfg, NeighborList.Build(cfg, Cutoff), CreateWorkspace(), result);
        return result;
    }

    /// <summary>Evaluates <paramref name="cfg"/> into <paramref name="result"/> (no allocation once the buffers are warm).</summary>
    public void Evaluate(Configuration cfg, NeighborList neighbours, EvaluatorWorkspace ws, EfsResult result)
    {
        int n = cfg.AtomCount;
        ws.EnsureCapacity(n, _tables.MomentCount, _tables.BasicCount, LaneCount);
        var types = cfg.Types;
        for (int i = 0; i < n; i++)
        {
            int s = _potential.SpeciesIndexOf(types[i]);
            if (s < 0) ThrowUnknownType(types[i], i);
            ws.Species[i] = s;
        }
        result.Reset(n);
        if (_latentTables is not null) { EvaluateLatent(cfg, neighbours, ws, result); return; }
        switch (Path)
        {
            case KernelPath.Vector512: Run<Lane512, Vector512<double>>(cfg, neighbours, ws, result); break;
            case KernelPath.Vector256: Run<Lane256, Vector256<double>>(cfg, neighbours, ws, result); break;
            default: Run<Lane1, double>(cfg, neighbours, ws, result); break;
        }
    }

    private void ThrowUnknownType(int type, int atom) =>
        throw new ArgumentException($"atom {atom + 1} has type {type}, which is not a species of the potential (its types are {string.Join(", ", _potential.SpeciesTypes)})");

    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Run<TS, TV>(Configuration cfg, NeighborList nl, EvaluatorWorkspace ws, EfsResult result)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        int W = TS.Count;
        int n = cfg.AtomCount;
        var t = _tables;
        int S = _potential.SpeciesCount, R = _potential.RadialBasisSize;
        var block = ws.Block;
        var scratch = ws.Scratch;
        var species = ws.Species;
        var laneEnergy = ws.LaneEnergy.AsSpan(0, W);

        for (int batch = 0; batch < n; batch += W)
        {
            int used = Math.Min(W, n - batch);
            // Basic moments of each atom of the batch into its lane.
            for (int l = 0; l < W; l++)
            {
                if (l < used)
                {
                    PrepareAtom<TS, TV>(batch + l, nl, ws, S, R);
                    NeighbourKernels.AccumulateMoments<TS, TV>(block, scratch, t, ws.SiteMoments);
                    for (int m = 0; m < t.BasicCount; m++) ws.Moments[m * W + l] = ws.SiteMoments[m];
                }
                else
                {
                    for (int m = 0; m < t.BasicCount; m++) ws.Moments[m * W + l] = 0;
                }
            }
            Contraction.Forward<TS, TV>(t, ws.Moments, _theta, laneEnergy);
            Contraction.Reverse<TS, TV>(t, ws.Moments, _theta, ws.Adjoint);
            for (int l = 0; l < used; l++)
            {
                int atom = batch + l;
                double site = _xi[species[atom]] + laneEnergy[l];
                for (int m = 0; m < t.BasicCount; m++) ws.SiteAdjoint[m] = ws.Adjoint[m * W + l];
                // With one lane the scratch still holds this atom; wider batches prepare it again.
                if (W > 1) PrepareAtom<TS, TV>(atom, nl, ws, S, R);
                NeighbourKernels.Backward<TS, TV>(block, scratch, t, ws.SiteAdjoint);
                site += Scatter(atom, nl, block, scratch, result);
                result.SiteEnergies[atom] = site;
            }
        }
        double e = 0;
        for (int i = 0; i < n; i++) e += result.SiteEnergies[i];
        result.Energy = e;
    }

    private void PrepareAtom<TS, TV>(int atom, NeighborList nl, EvaluatorWorkspace ws, int S, int R)
        where TS : struct, ISimd<TV> where TV : unmanaged
    {
        ws.Block.Gather(nl, atom, ws.Species, S, TS.Count, Cutoff);
        ws.Scratch.EnsureCapacity(ws.Block.SlotCount, _tables.RadialFunctionCount, _tables.MonomialCount);
        NeighbourKernels.Prepare<TS, TV>(ws.Block, ws.Scratch, _tables, _scaledCoeffs, ws.Species[atom], S, R, _radial, _repulsive);
    }

    /// <summary>
    /// Adds ∂E_i/∂r_ij of every real slot to the forces (F_i += g, F_j −= g, mtp-spec §5.3) and the
    /// virial (W −= g ⊗ r_ij, §5.4); returns the short-range repulsion energy of RBChebyshev_repuls (§3.1).
    /// </summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double Scatter(int atom, NeighborList nl, NeighbourBlock block, NeighbourScratch scratch, EfsResult result)
    {
        var forces = result.Forces;
        var w = result.VirialMatrix;
        double repulsion = 0;
        double minDist = _potential.MinDist;
        for (int s = 0; s < block.SlotCount; s++)
        {
            int src = block.Source[s];
            if (src < 0) continue;
            double gx = scratch.Gx[s], gy = scratch.Gy[s], gz = scratch.Gz[s];
            double x = block.X[s], y = block.Y[s], z = block.Z[s];
            if (_repulsive)
            {
                double r = 1.0 / scratch.InvR[s];
                if (r < minDist)
                {
                    double ex = Math.Exp(-10 * (r - 1));
                    repulsion += 10000 * (ex - _repulsionShift);
                    double dEdr = -100000 * ex;
                    gx += dEdr * scratch.Ux[s]; gy += dEdr * scratch.Uy[s]; gz += dEdr * scratch.Uz[s];
                }
            }
            int j = nl.Indices[src];
            forces[3 * atom] += gx; forces[3 * atom + 1] += gy; forces[3 * atom + 2] += gz;
            forces[3 * j] -= gx; forces[3 * j + 1] -= gy; forces[3 * j + 2] -= gz;
            w[0] -= gx * x; w[1] -= gx * y; w[2] -= gx * z;
            w[3] -= gy * x; w[4] -= gy * y; w[5] -= gy * z;
            w[6] -= gz * x; w[7] -= gz * y; w[8] -= gz * z;
        }
        return repulsion;
    }
}
