namespace LowRankMlip.Tests;

/// <summary>Central differences shared by the force checks of every model (MTP, ACE, rigid-ion teacher).</summary>
public static class FiniteDifference
{
    /// <summary>F_k ≈ −(E(x + h e_k) − E(x − h e_k)) / 2h for every Cartesian component; positions are restored.</summary>
    public static double[] Forces(Configuration cfg, Func<Configuration, double> energy, double h = 1e-5)
    {
        var fd = new double[cfg.Positions.Length];
        for (int k = 0; k < fd.Length; k++)
        {
            double x = cfg.Positions[k];
            cfg.Positions[k] = x + h;
            double plus = energy(cfg);
            cfg.Positions[k] = x - h;
            double minus = energy(cfg);
            cfg.Positions[k] = x;
            fd[k] = -(plus - minus) / (2 * h);
        }
        return fd;
    }
}
