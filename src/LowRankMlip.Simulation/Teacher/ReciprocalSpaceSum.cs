namespace LowRankMlip.Simulation.Teacher;

/// <summary>
/// Reciprocal-space part of the Ewald sum for a triclinic cell (flinak-teacher §8–§9):
/// E = (2π k_e / V) Σ_{k≠0, |k|≤k_max} g(k) |S(k)|², g = exp(−k²/4α²)/k², S(k) = Σ_j q_j exp(i k·r_j),
/// summed over half of k-space with a factor 2. Forces F_i = (4π k_e/V) q_i Σ_k g k Im[e^{ik·r_i} S*(k)]
/// and virial W_ab = Σ_k E_k [δ_ab − 2(1/k² + 1/4α²) k_a k_b] (W = −∂E/∂ε, the MLIP convention).
/// exp(i k·r) comes from per-axis powers of exp(2πi f_d), so the work per (k, atom) is two complex products.
/// Buffers grow only; a warm instance allocates nothing.
/// </summary>
internal sealed class ReciprocalSpaceSum
{
    private double[] _cos = [], _sin = [];        // [axis][atom][n + nmax] of exp(2πi n f)
    private double[] _rowCos = [], _rowSin = [];   // per atom: exp(i(k1+k2)·r) of the current (n1, n2)
    private double[] _kCos = [], _kSin = [];       // per atom: exp(i k·r)

    // Hot loop: JIT fully optimized on first call.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double Add(Cell cell, ReadOnlySpan<double> positions, ReadOnlySpan<double> charges, EwaldSettings ewald,
        Span<double> forces, Span<double> virial)
    {
        int n = charges.Length;
        Span<double> lattice = stackalloc double[9];
        Span<double> recip = stackalloc double[9]; // rows b_d with b_d·a_e = δ_de
        cell.Vectors.AsSpan(0, 9).CopyTo(lattice);
        double volume = InvertTranspose(lattice, recip);
        Span<int> nmax = stackalloc int[3];
        for (int d = 0; d < 3; d++)
        {
            double len = Math.Sqrt(lattice[3 * d] * lattice[3 * d] + lattice[3 * d + 1] * lattice[3 * d + 1] + lattice[3 * d + 2] * lattice[3 * d + 2]);
            nmax[d] = (int)Math.Ceiling(ewald.KMax * len / (2 * Math.PI));
        }
        FillAxisPhases(positions, recip, nmax, n);

        double kmax2 = ewald.KMax * ewald.KMax;
        double inv4a2 = 1.0 / (4 * ewald.Alpha * ewald.Alpha);
        double prefactor = 4 * Math.PI * SimulationUnits.CoulombConstant / volume; // half-space: 2 × 2π k_e/V
        int width0 = 2 * nmax[0] + 1, width1 = 2 * nmax[1] + 1, width2 = 2 * nmax[2] + 1;
        int axis1 = n * width0, axis2 = axis1 + n * width1;
        double energy = 0;
        for (int n1 = 0; n1 <= nmax[0]; n1++)
            for (int n2 = n1 == 0 ? 0 : -nmax[1]; n2 <= nmax[1]; n2++)
            {
                double k12x = 2 * Math.PI * (n1 * recip[0] + n2 * recip[3]);
                double k12y = 2 * Math.PI * (n1 * recip[1] + n2 * recip[4]);
                double k12z = 2 * Math.PI * (n1 * recip[2] + n2 * recip[5]);
                for (int i = 0; i < n; i++)
                {
                    double c1 = _cos[i * width0 + n1 + nmax[0]], s1 = _sin[i * width0 + n1 + nmax[0]];
                    double c2 = _cos[axis1 + i * width1 + n2 + nmax[1]], s2 = _sin[axis1 + i * width1 + n2 + nmax[1]];
                    _rowCos[i] = c1 * c2 - s1 * s2;
                    _rowSin[i] = s1 * c2 + c1 * s2;
                }
                for (int n3 = n1 == 0 && n2 == 0 ? 1 : -nmax[2]; n3 <= nmax[2]; n3++)
                {
                    double kx = k12x + 2 * Math.PI * n3 * recip[6];
                    double ky = k12y + 2 * Math.PI * n3 * recip[7];
                    double kz = k12z + 2 * Math.PI * n3 * recip[8];
                    double k2 = kx * kx + ky * ky + kz * kz;
                    if (k2 > kmax2) continue;
                    double g = Math.Exp(-k2 * inv4a2) / k2;
                    double sumCos = 0, sumSin = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double c3 = _cos[axis2 + i * width2 + n3 + nmax[2]], s3 = _sin[axis2 + i * width2 + n3 + nmax[2]];
                        double c = _rowCos[i] * c3 - _rowSin[i] * s3;
                        double s = _rowSin[i] * c3 + _rowCos[i] * s3;
                        _kCos[i] = c; _kSin[i] = s;
                        sumCos += charges[i] * c;
                        sumSin += charges[i] * s;
                    }
                    double termEnergy = prefactor * g * (sumCos * sumCos + sumSin * sumSin);
                    energy += termEnergy;
                    double forceScale = 2 * prefactor * g;
                    for (int i = 0; i < n; i++)
                    {
                        double f = forceScale * charges[i] * (_kSin[i] * sumCos - _kCos[i] * sumSin);
                        forces[3 * i] += f * kx; forces[3 * i + 1] += f * ky; forces[3 * i + 2] += f * kz;
                    }
                    double b = 2 * (1 / k2 + inv4a2);
                    virial[0] += termEnergy * (1 - b * kx * kx); virial[1] -= termEnergy * b * kx * ky; virial[2] -= termEnergy * b * kx * kz;
                    virial[3] -= termEnergy * b * ky * kx; virial[4] += termEnergy * (1 - b * ky * ky); virial[5] -= termEnergy * b * ky * kz;
                    virial[6] -= termEnergy * b * kz * kx; virial[7] -= termEnergy * b * kz * ky; virial[8] += termEnergy * (1 - b * kz * kz);
                }
            }
        return energy;
    }

    /// <summary>exp(2πi n f_d(atom)) for n = −nmax_d … nmax_d by repeated multiplication (f_d = r·b_d).</summary>
    private void FillAxisPhases(ReadOnlySpan<double> positions, ReadOnlySpan<double> recip, ReadOnlySpan<int> nmax, int n)
    {
        int total = n * (2 * nmax[0] + 1 + 2 * nmax[1] + 1 + 2 * nmax[2] + 1);
        if (_cos.Length < total) { _cos = new double[total]; _sin = new double[total]; }
        if (_rowCos.Length < n) { _rowCos = new double[n]; _rowSin = new double[n]; _kCos = new double[n]; _kSin = new double[n]; }
        int offset = 0;
        for (int d = 0; d < 3; d++)
        {
            int width = 2 * nmax[d] + 1, centre = nmax[d];
            for (int i = 0; i < n; i++)
            {
                double f = positions[3 * i] * recip[3 * d] + positions[3 * i + 1] * recip[3 * d + 1] + positions[3 * i + 2] * recip[3 * d + 2];
                double c = Math.Cos(2 * Math.PI * f), s = Math.Sin(2 * Math.PI * f);
                int row = offset + i * width + centre;
                _cos[row] = 1; _sin[row] = 0;
                for (int m = 1; m <= nmax[d]; m++)
                {
                    double pc = _cos[row + m - 1], ps = _sin[row + m - 1];
                    _cos[row + m] = pc * c - ps * s;
                    _sin[row + m] = ps * c + pc * s;
                    _cos[row - m] = _cos[row + m];
                    _sin[row - m] = -_sin[row + m];
                }
            }
            offset += n * width;
        }
    }

    /// <summary>Rows of (L⁻¹)ᵀ into <paramref name="recip"/> (b_d·a_e = δ_de); returns |det L|.</summary>
    private static double InvertTranspose(ReadOnlySpan<double> m, Span<double> recip)
    {
        Span<double> inverse = stackalloc double[9];
        double det = LatticeMath.Invert(m, inverse);
        for (int d = 0; d < 3; d++)
            for (int c = 0; c < 3; c++) recip[3 * d + c] = inverse[3 * c + d];
        return Math.Abs(det);
    }
}
