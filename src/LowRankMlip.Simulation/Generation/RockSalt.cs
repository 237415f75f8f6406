using LowRankMlip.Simulation.Teacher;

namespace LowRankMlip.Simulation.Generation;

/// <summary>Rock-salt (B1) crystals of a cation and F, the static lattices of flinak-teacher §4.</summary>
public static class RockSalt
{
    /// <summary>Conventional cubic cell (8 ions, edge a = 2 r₀) repeated <paramref name="repeat"/> times per axis.</summary>
    public static Configuration Cubic(Ion cation, double nearestNeighbour, int repeat = 1)
    {
        if (repeat < 1) throw new ArgumentException($"repeat must be ≥ 1, got {repeat}", nameof(repeat));
        double a = 2 * nearestNeighbour;
        double edge = a * repeat;
        var types = new List<int>();
        var positions = new List<double>();
        for (int ix = 0; ix < 2 * repeat; ix++)
            for (int iy = 0; iy < 2 * repeat; iy++)
                for (int iz = 0; iz < 2 * repeat; iz++)
                {
                    // Sites of the simple-cubic grid of spacing r₀: cation where ix+iy+iz is even, F where odd.
                    types.Add((ix + iy + iz) % 2 == 0 ? (int)cation : (int)Ion.F);
                    positions.AddRange([ix * nearestNeighbour, iy * nearestNeighbour, iz * nearestNeighbour]);
                }
        return new Configuration(Cell.Periodic([edge, 0, 0, 0, edge, 0, 0, 0, edge]), types.ToArray(), positions.ToArray());
    }

    /// <summary>Primitive (triclinic, 60° rhombohedral) cell with one ion pair: a/2·(0,1,1), (1,0,1), (1,1,0).</summary>
    public static Configuration Primitive(Ion cation, double nearestNeighbour)
    {
        double h = nearestNeighbour; // a/2
        return new Configuration(Cell.Periodic([0, h, h, h, 0, h, h, h, 0]), [(int)cation, (int)Ion.F], [0, 0, 0, h, h, h]);
    }
}
