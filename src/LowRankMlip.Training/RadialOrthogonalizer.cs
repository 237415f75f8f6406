namespace LowRankMlip.Training;

/// <summary>
/// MLIP's orthogonalization of the radial functions at the start of every linear solve (mtp-spec §11.3):
/// for μ = 0..K−1, v_μ −= v_μ' (v_μ·v_μ')/|v_μ|² for each earlier μ' (MLIP divides by the squared norm of
/// the vector being orthogonalized; the earlier ones are unit vectors, so this is close to classical
/// Gram–Schmidt), then v_μ is scaled to unit length with |v_μ|² = Σ (c² + 1e-10). v_μ is the vector of
/// all coefficients of radial function μ over every species pair (length S²R).
/// </summary>
public static class RadialOrthogonalizer
{
    public static void Apply(Span<double> radial, int pairs, int funcCount, int basisSize)
    {
        double Dot(Span<double> c, int a, int b)
        {
            double s = 0;
            for (int p = 0; p < pairs; p++)
                for (int beta = 0; beta < basisSize; beta++)
                    s += c[(p * funcCount + a) * basisSize + beta] * c[(p * funcCount + b) * basisSize + beta];
            return s;
        }
        for (int mu = 0; mu < funcCount; mu++)
        {
            for (int prev = 0; prev < mu; prev++)
            {
                double factor = Dot(radial, mu, prev) / Dot(radial, mu, mu);
                for (int p = 0; p < pairs; p++)
                    for (int beta = 0; beta < basisSize; beta++)
                        radial[(p * funcCount + mu) * basisSize + beta] -= factor * radial[(p * funcCount + prev) * basisSize + beta];
            }
            double norm2 = 0;
            for (int p = 0; p < pairs; p++)
                for (int beta = 0; beta < basisSize; beta++)
                {
                    double c = radial[(p * funcCount + mu) * basisSize + beta];
                    norm2 += c * c + 1e-10;
                }
            double scale = 1 / Math.Sqrt(norm2);
            for (int p = 0; p < pairs; p++)
                for (int beta = 0; beta < basisSize; beta++)
                    radial[(p * funcCount + mu) * basisSize + beta] *= scale;
        }
    }
}
