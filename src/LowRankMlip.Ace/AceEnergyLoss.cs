namespace LowRankMlip.Ace;

/// <summary>
/// Energy-matching loss of an ACE potential against a labelled reference set (e.g. the original
/// potential's energies, issue 7), L = (1/N) Σ_c ((E_c − E_c^ref)/n_c)², with its gradients with
/// respect to the flat crad tensor (<see cref="AceRadialTensor"/>) and the c̃ coefficients — the
/// Euclidean gradient the low-rank methods project (ace-spec §10).
/// </summary>
public static class AceEnergyLoss
{
    public static (double Loss, double[] CradGradient, double[] CtildeGradient) Evaluate(AcePotential potential, IReadOnlyList<Configuration> reference)
    {
        if (reference.Count == 0) throw new ArgumentException("the reference set is empty");
        var evaluator = new AceEvaluator(potential);
        var crad = new double[AceRadialTensor.Shape(potential).Length];
        var ctildes = new double[potential.BasisCoefficientCount];
        double loss = 0;
        foreach (var cfg in reference)
        {
            double target = cfg.Energy ?? throw new ArgumentException("every reference configuration needs an energy label");
            var (result, dCrad, dCtildes) = evaluator.EnergyGradients(cfg);
            double n = cfg.AtomCount, residual = (result.Energy - target) / n;
            loss += residual * residual;
            double scale = 2 * residual / n / reference.Count;
            for (int i = 0; i < crad.Length; i++) crad[i] += scale * dCrad[i];
            for (int i = 0; i < ctildes.Length; i++) ctildes[i] += scale * dCtildes[i];
        }
        return (loss / reference.Count, crad, ctildes);
    }
}
