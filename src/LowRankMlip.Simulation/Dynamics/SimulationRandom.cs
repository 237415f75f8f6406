namespace LowRankMlip.Simulation.Dynamics;

/// <summary>
/// xoshiro256** (Blackman–Vigna) seeded through SplitMix64: a fast generator whose whole state is four words,
/// so an MD checkpoint can store it and a restarted run continues the same random sequence bit for bit
/// (System.Random cannot be saved).
/// </summary>
public sealed class SimulationRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SimulationRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    private SimulationRandom(ulong[] state) => (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);

    /// <summary>The four state words, for checkpoints.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    public static SimulationRandom FromState(ulong[] state) =>
        state.Length == 4 && (state[0] | state[1] | state[2] | state[3]) != 0
            ? new SimulationRandom(state)
            : throw new InvalidDataException("a random-generator state is four words, not all zero");

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal deviate (Box–Muller; one of the pair is used, so no hidden cached state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
