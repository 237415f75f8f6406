namespace LowRankMlip.Simulation.Teacher;

/// <summary>How the teacher sums the Coulomb interaction (flinak-teacher §8, §9.1).</summary>
public enum Electrostatics
{
    /// <summary>Ewald: real space (erfc) + reciprocal space + self term.</summary>
    Ewald,
    /// <summary>Damped shifted force (Fennell–Gezelter; LAMMPS coul/dsf), pairwise, no reciprocal part.</summary>
    DampedShiftedForce,
}
