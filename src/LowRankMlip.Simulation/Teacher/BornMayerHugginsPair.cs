using System.Runtime.CompilerServices;

namespace LowRankMlip.Simulation.Teacher;

/// <summary>
/// Short-range part of one ion pair (flinak-teacher §1, §5):
/// φ(r) = A exp[(σ − r)/ρ] − C/r⁶ − D/r⁸ + ε_c (r_c/r)¹².
/// D is the Tosi–Fumi coefficient, so the r⁻⁸ term is attractive (§0 item 3: LAMMPS needs −D).
/// The last term is the §5 repulsive core (zero when <see cref="CoreEnergy"/> is 0).
/// </summary>
public readonly record struct BornMayerHugginsPair(double A, double Rho, double Sigma, double C, double D, double CoreEnergy, double CoreRadius)
{
    /// <summary>φ(r) and dφ/dr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Evaluate(double r, out double derivative)
    {
        double inv = 1.0 / r;
        double inv2 = inv * inv;
        double inv6 = inv2 * inv2 * inv2;
        double inv8 = inv6 * inv2;
        double repulsion = A * Math.Exp((Sigma - r) / Rho);
        double energy = repulsion - C * inv6 - D * inv8;
        derivative = -repulsion / Rho + 6 * C * inv6 * inv + 8 * D * inv8 * inv;
        if (CoreEnergy != 0)
        {
            double s = CoreRadius * inv;
            double s6 = s * s * s;
            s6 *= s6;
            double core = CoreEnergy * s6 * s6;
            energy += core;
            derivative -= 12 * core * inv;
        }
        return energy;
    }
}
