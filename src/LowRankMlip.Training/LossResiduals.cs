using LowRankMlip.Mtp;

namespace LowRankMlip.Training;

/// <summary>
/// One configuration's term of MLIP's loss (mtp-spec §11.1, weights of <see cref="LossWeights"/>),
/// (1/K)·[wE ΔE² + Σ_i wF_i |ΔF_i|² + wS Σ_ab ΔW_ab²] over the labels the configuration has, and its adjoints
/// α = ∂/∂E, λ = ∂/∂F (3 per atom), μ = ∂/∂W (3×3). Shared by the MTP trainer and the ACE compression loss; allocation-free.
/// </summary>
public static class LossResiduals
{
    public static double Evaluate(LossWeights w, Configuration cfg, EfsResult r, double inverseCount, Span<double> lambda, Span<double> mu, out double alpha)
    {
        double value = 0;
        alpha = 0;
        int n = cfg.AtomCount;
        if (cfg.Energy is double e0)
        {
            double we = w.EnergyWeightFor(cfg), d = r.Energy - e0;
            value += we * d * d;
            alpha = 2 * we * d * inverseCount;
        }
        lambda[..(3 * n)].Clear();
        if (cfg.Forces is { } f0)
        {
            double wf = w.ForceWeightFor(cfg);
            for (int i = 0; i < n; i++)
            {
                double wi = wf;
                if (w.ScaleByForce > 0)
                {
                    double f2 = f0[3 * i] * f0[3 * i] + f0[3 * i + 1] * f0[3 * i + 1] + f0[3 * i + 2] * f0[3 * i + 2];
                    wi *= w.ScaleByForce / (f2 + w.ScaleByForce);
                }
                for (int c = 0; c < 3; c++)
                {
                    double d = r.Forces[3 * i + c] - f0[3 * i + c];
                    value += wi * d * d;
                    lambda[3 * i + c] = 2 * wi * d * inverseCount;
                }
            }
        }
        mu[..9].Clear();
        if (cfg.Virial is { } w0)
        {
            Span<double> reference = stackalloc double[9];
            Units.VirialToMatrix(w0, reference);
            double ws = w.StressWeightFor(cfg);
            for (int k = 0; k < 9; k++)
            {
                double d = r.VirialMatrix[k] - reference[k];
                value += ws * d * d;
                mu[k] = 2 * ws * d * inverseCount;
            }
        }
        return value * inverseCount;
    }
}
