namespace LowRankMlip.Mtp.Templates;

/// <summary>
/// Moment values on random neighbourhoods (random unit vectors, random radial function values f_μ per
/// neighbour), seeded: the numerical test bed on which <see cref="MtpTemplateGenerator"/> tells contractions
/// apart and decides linear independence, and on which two bases can be compared function by function.
/// Basic moment component (μ, kx, ky, kz) of sample s: Σ_j f_μ(j) x_j^kx y_j^ky z_j^kz (mtp-spec §4.1, unit vectors).
/// </summary>
public sealed class MomentSamples
{
    private readonly double[][] _directions; // [sample][3·neighbour]
    private readonly double[][] _radial;     // [sample][neighbour·K + μ]
    private readonly int _neighbours, _radialFunctions;

    public MomentSamples(int samples, int neighbours, int radialFunctions, int seed)
    {
        if (samples < 1 || neighbours < 1 || radialFunctions < 1) throw new ArgumentOutOfRangeException(nameof(samples), "samples, neighbours and radial functions must be positive");
        Count = samples;
        _neighbours = neighbours;
        _radialFunctions = radialFunctions;
        var rng = new Random(seed);
        _directions = new double[samples][];
        _radial = new double[samples][];
        for (int s = 0; s < samples; s++)
        {
            _directions[s] = new double[3 * neighbours];
            _radial[s] = new double[neighbours * radialFunctions];
            for (int j = 0; j < neighbours; j++)
            {
                double x, y, z, r2;
                do { x = 2 * rng.NextDouble() - 1; y = 2 * rng.NextDouble() - 1; z = 2 * rng.NextDouble() - 1; r2 = x * x + y * y + z * z; }
                while (r2 < 1e-2 || r2 > 1);
                double inv = 1 / Math.Sqrt(r2);
                _directions[s][3 * j] = x * inv; _directions[s][3 * j + 1] = y * inv; _directions[s][3 * j + 2] = z * inv;
                for (int mu = 0; mu < radialFunctions; mu++) _radial[s][j * radialFunctions + mu] = 2 * rng.NextDouble() - 1;
            }
        }
    }

    public int Count { get; }

    /// <summary>The basic moment component (μ, kx, ky, kz) on every sample.</summary>
    public double[] Basic(int mu, int kx, int ky, int kz)
    {
        if (mu >= _radialFunctions) throw new ArgumentOutOfRangeException(nameof(mu), $"μ = {mu} but the samples have {_radialFunctions} radial functions");
        var v = new double[Count];
        for (int s = 0; s < Count; s++)
        {
            double sum = 0;
            for (int j = 0; j < _neighbours; j++)
            {
                double x = _directions[s][3 * j], y = _directions[s][3 * j + 1], z = _directions[s][3 * j + 2];
                sum += _radial[s][j * _radialFunctions + mu] * Math.Pow(x, kx) * Math.Pow(y, ky) * Math.Pow(z, kz);
            }
            v[s] = sum;
        }
        return v;
    }

    /// <summary>The basis functions B_α of <paramref name="basis"/> on every sample ([α][sample]), by its own rows.</summary>
    public double[][] Scalars(MtpBasis basis)
    {
        var moments = new double[basis.MomentCount][];
        for (int n = 0; n < basis.MomentCount; n++) moments[n] = new double[Count];
        for (int n = 0; n < basis.BasicCount; n++)
            moments[n] = Basic(basis.BasicRows[4 * n], basis.BasicRows[4 * n + 1], basis.BasicRows[4 * n + 2], basis.BasicRows[4 * n + 3]);
        for (int t = 0; t < basis.TimesCount; t++)
        {
            var i = moments[basis.TimesRows[4 * t]];
            var j = moments[basis.TimesRows[4 * t + 1]];
            var k = moments[basis.TimesRows[4 * t + 3]];
            double w = basis.TimesRows[4 * t + 2];
            for (int s = 0; s < Count; s++) k[s] += w * i[s] * j[s];
        }
        return basis.Mapping.Select(m => moments[m]).ToArray();
    }
}
