using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LowRankMlip.Mtp.Kernels;

/// <summary>
/// Structure-of-arrays copy of one atom's neighbourhood, grouped by neighbour species and padded
/// per group to a multiple of the lane count W, so every vector of W neighbours shares one species
/// pair and thus one (K, R) radial coefficient block. Padding slots sit exactly at the cutoff
/// (r = Rc, where every basis function and derivative vanishes) and have Source = −1.
/// </summary>
internal sealed class NeighbourBlock
{
    public double[] X = [];
    public double[] Y = [];
    public double[] Z = [];
    /// <summary>Neighbour-list entry of each slot, or −1 for padding.</summary>
    public int[] Source = [];
    /// <summary>Slot ranges per species group: group g covers GroupStart[g] .. GroupStart[g+1]−1, species GroupSpecies[g].</summary>
    public int[] GroupStart = [];
    public int[] GroupSpecies = [];
    public int GroupCount;
    public int SlotCount;
    private int[] _speciesCount = [];

    public void EnsureCapacity(int slots, int species)
    {
        if (X.Length < slots)
        {
            int n = Math.Max(slots, 2 * X.Length);
            X = new double[n]; Y = new double[n]; Z = new double[n]; Source = new int[n];
        }
        if (_speciesCount.Length < species)
        {
            _speciesCount = new int[species];
            GroupStart = new int[species + 1];
            GroupSpecies = new int[species];
        }
    }

    /// <summary>Gathers the neighbours of <paramref name="atom"/> (no allocation once capacity suffices).</summary>
    // Hot loop: JIT fully optimized on first call (no tier-0/OSR phase in short runs).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Gather(NeighborList list, int atom, int[] speciesOfAtom, int speciesCount, int lanes, double cutoff)
    {
        int start = list.Offsets[atom], end = list.Offsets[atom + 1];
        EnsureCapacity(0, speciesCount);
        var count = _speciesCount.AsSpan(0, speciesCount);
        count.Clear();
        ref int neighbour = ref MemoryMarshal.GetArrayDataReference(list.Indices);
        ref int speciesOf = ref MemoryMarshal.GetArrayDataReference(speciesOfAtom);
        if (speciesCount == 1) count[0] = end - start;
        else
            for (int e = start; e < end; e++) count[Unsafe.Add(ref speciesOf, Unsafe.Add(ref neighbour, e))]++;
        int slots = 0;
        GroupCount = 0;
        for (int s = 0; s < speciesCount; s++)
        {
            if (count[s] == 0) continue;
            slots += (count[s] + lanes - 1) / lanes * lanes;
        }
        EnsureCapacity(slots, speciesCount);
        count = _speciesCount.AsSpan(0, speciesCount);
        int offset = 0;
        for (int s = 0; s < speciesCount; s++)
        {
            if (count[s] == 0) continue;
            GroupStart[GroupCount] = offset;
            GroupSpecies[GroupCount] = s;
            GroupCount++;
            int padded = (count[s] + lanes - 1) / lanes * lanes;
            for (int p = offset + count[s]; p < offset + padded; p++)
            {
                X[p] = cutoff; Y[p] = 0; Z[p] = 0; Source[p] = -1;
            }
            count[s] = offset; // becomes the fill cursor of group s
            offset += padded;
        }
        GroupStart[GroupCount] = offset;
        SlotCount = offset;
        // Fill (bounds were established above: the slots hold every entry of the atom's range).
        ref double v = ref MemoryMarshal.GetArrayDataReference(list.Vectors);
        ref double x = ref MemoryMarshal.GetArrayDataReference(X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(Z);
        ref int source = ref MemoryMarshal.GetArrayDataReference(Source);
        ref int cursor = ref MemoryMarshal.GetArrayDataReference(_speciesCount);
        for (int e = start; e < end; e++)
        {
            // One group (a single neighbour species) fills slots in list order without a species lookup.
            int p = GroupCount == 1 ? e - start : Unsafe.Add(ref cursor, Unsafe.Add(ref speciesOf, Unsafe.Add(ref neighbour, e)))++;
            ref double r = ref Unsafe.Add(ref v, 3 * e);
            Unsafe.Add(ref x, p) = r;
            Unsafe.Add(ref y, p) = Unsafe.Add(ref r, 1);
            Unsafe.Add(ref z, p) = Unsafe.Add(ref r, 2);
            Unsafe.Add(ref source, p) = e;
        }
    }
}
