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

    /// <summary>
    /// W_ab ≈ −(E(ε = +h e_a e_bᵀ) − E(ε = −h e_a e_bᵀ)) / 2h, the energy taken after the homogeneous deformation
    /// r → (I + ε) r of the cell and every atom (row-major 3×3, the virial convention of mtp-spec §5.4).
    /// </summary>
    public static double[] Virial(Configuration cfg, Func<Configuration, double> energy, double h = 1e-6)
    {
        var fd = new double[9];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                fd[3 * a + b] = -(energy(Strained(cfg, a, b, h)) - energy(Strained(cfg, a, b, -h))) / (2 * h);
        return fd;
    }

    /// <summary>A copy deformed by r → (I + h·e_a e_bᵀ) r (cell and positions).</summary>
    public static Configuration Strained(Configuration cfg, int a, int b, double h)
    {
        var strain = new double[9];
        strain[3 * a + b] = h;
        var p = (double[])cfg.Positions.Clone();
        for (int i = 0; i < cfg.AtomCount; i++) p[3 * i + a] += h * cfg.Positions[3 * i + b];
        return new Configuration(cfg.Cell.Deformed(strain), cfg.Types, p);
    }
}
