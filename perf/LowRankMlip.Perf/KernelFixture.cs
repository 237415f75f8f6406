using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Kernels;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Perf;

/// <summary>
/// Inputs of the internal kernels for one cubic potential: the tables and folded coefficients exactly
/// as <see cref="MtpEvaluator"/> builds them, and real neighbourhoods of the first configurations of the
/// cubic training set, gathered into SoA blocks for the lane count of this process's kernel path.
/// </summary>
internal sealed class KernelFixture
{
    public readonly MtpPotential Potential;
    public readonly KernelTables Tables;
    public readonly double[] ScaledCoeffs;
    public readonly RadialConstants Radial;
    public readonly bool Repulsive;
    public readonly int Lanes = KernelDispatch.LaneCount(KernelDispatch.Best);
    public readonly List<(Configuration Cfg, NeighborList List, int[] Species)> Configurations = new();

    public KernelFixture(int level, int configurationCount = 4)
    {
        Potential = PerfData.ReadPotential(PerfData.CubicPotential(level));
        Tables = new KernelTables(Potential.Basis, Potential.RadialFunctionCount);
        // As MtpEvaluator: the scaling s is folded into the radial coefficients (mtp-spec §3.2).
        ScaledCoeffs = Potential.RadialCoeffs!.Select(c => c * Potential.Scaling).ToArray();
        Radial = new RadialConstants(Potential.MinDist, Potential.MaxDist);
        Repulsive = Potential.BasisKind == RadialBasisKind.RBChebyshevRepulsive;
        foreach (var cfg in PerfData.ReadFirst(PerfData.CubicTraining, configurationCount, Potential))
        {
            var species = cfg.Types.Select(Potential.SpeciesIndexOf).ToArray();
            Configurations.Add((cfg, NeighborList.Build(cfg, Potential.MaxDist), species));
        }
    }

    /// <summary>A seeded pick of (configuration, atom).</summary>
    public (int Cfg, int Atom) Pick(Random rng)
    {
        int c = rng.Next(Configurations.Count);
        return (c, rng.Next(Configurations[c].Cfg.AtomCount));
    }

    /// <summary>Gathers the neighbourhood of one atom into a fresh block and sizes its scratch.</summary>
    public (NeighbourBlock Block, NeighbourScratch Scratch, int CentreSpecies) Gather(int cfgIndex, int atom)
    {
        var (_, list, species) = Configurations[cfgIndex];
        var block = new NeighbourBlock();
        block.Gather(list, atom, species, Potential.SpeciesCount, Lanes, Potential.MaxDist);
        var scratch = new NeighbourScratch();
        scratch.EnsureCapacity(block.SlotCount, Tables.RadialFunctionCount, Tables.MonomialCount);
        return (block, scratch, species[atom]);
    }

    public void Prepare(NeighbourBlock block, NeighbourScratch scratch, int centre)
    {
        switch (KernelDispatch.Best)
        {
            case KernelPath.Vector512: NeighbourKernels.Prepare<Lane512, System.Runtime.Intrinsics.Vector512<double>>(block, scratch, Tables, ScaledCoeffs, centre, Potential.SpeciesCount, Potential.RadialBasisSize, Radial, Repulsive); break;
            case KernelPath.Vector256: NeighbourKernels.Prepare<Lane256, System.Runtime.Intrinsics.Vector256<double>>(block, scratch, Tables, ScaledCoeffs, centre, Potential.SpeciesCount, Potential.RadialBasisSize, Radial, Repulsive); break;
            default: NeighbourKernels.Prepare<Lane1, double>(block, scratch, Tables, ScaledCoeffs, centre, Potential.SpeciesCount, Potential.RadialBasisSize, Radial, Repulsive); break;
        }
    }

    public void Accumulate(NeighbourBlock block, NeighbourScratch scratch, Span<double> moments)
    {
        switch (KernelDispatch.Best)
        {
            case KernelPath.Vector512: NeighbourKernels.AccumulateMoments<Lane512, System.Runtime.Intrinsics.Vector512<double>>(block, scratch, Tables, moments); break;
            case KernelPath.Vector256: NeighbourKernels.AccumulateMoments<Lane256, System.Runtime.Intrinsics.Vector256<double>>(block, scratch, Tables, moments); break;
            default: NeighbourKernels.AccumulateMoments<Lane1, double>(block, scratch, Tables, moments); break;
        }
    }
}
