using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>
/// Gives an untrained template its species and starting coefficients (mtp-spec §11.2):
/// species = the sorted set of types in the training set (MLIP-3); radial coefficients 1e-6 except
/// c[a][b][μ][β=μ] = 1e-3·(a·S + b + 1) (MLIP-3's default), or with a seed c = 5e-7·U(−1,1) and the β = μ
/// entry 1e-7·(1 + U(−1,1)) (MLIP-3's init_random); linear coefficients are then solved.
/// </summary>
public static class TemplateInitializer
{
    public static MtpPotential Initialize(MtpPotential template, IEnumerable<Configuration> training, int? seed)
    {
        var p = template.Clone();
        var types = training.SelectMany(c => c.Types).Distinct().Order().ToArray();
        if (types.Length == 0) throw new ArgumentException("the training set has no atoms");
        // A template that states species_count S and data typed 0..S−1 keep MLIP-2's relative numbering.
        if (template.SpeciesCount >= types.Length && types.All(t => t >= 0 && t < template.SpeciesCount))
            types = Enumerable.Range(0, template.SpeciesCount).ToArray();
        int S = types.Length, K = p.RadialFunctionCount, R = p.RadialBasisSize;
        p.SpeciesCount = S;
        p.SpeciesTypes = types;
        var c = new double[S * S * K * R];
        var rng = seed is int s0 ? new Random(s0) : null;
        for (int a = 0; a < S; a++)
            for (int b = 0; b < S; b++)
                for (int mu = 0; mu < K; mu++)
                    for (int beta = 0; beta < R; beta++)
                    {
                        int index = MtpPotential.RadialIndex(a, b, mu, beta, S, K, R);
                        if (rng is null) c[index] = beta == mu ? 1e-3 * (a * S + b + 1) : 1e-6;
                        else c[index] = beta == mu ? 1e-7 * (1 + (2 * rng.NextDouble() - 1)) : 5e-7 * (2 * rng.NextDouble() - 1);
                    }
        p.RadialCoeffs = c;
        p.SpeciesCoeffs = new double[S];
        p.MomentCoeffs = Enumerable.Repeat(1e-3, p.Basis.ScalarCount).ToArray();
        return p;
    }
}
