using System.Text;

namespace LowRankMlip;

/// <summary>
/// Accumulates prediction errors against reference labels exactly as MLIP-3's error report does
/// (mtp-spec §10): per-configuration |ΔE| and |ΔE|/N, per-atom |ΔF_i| (Euclidean), per-configuration
/// Frobenius norm of the 3×3 virial difference ‖ΔW‖_F and of ΔW/V in GPa. A term is counted only when
/// the reference has that label. Also keeps per-component sums for the JSON summary.
/// </summary>
public sealed class ErrorStatistics
{
    private readonly Accumulator _energy = new(), _energyPerAtom = new(), _force = new(), _stress = new(), _virialStress = new();
    private double _maxForce, _sumForce2, _maxStress, _sumStress2, _maxVirialStress, _sumVirialStress2;
    private double _forceComponentSum, _forceComponentSum2, _stressComponentSum2;
    private long _forceComponents, _stressComponents;

    public int Configurations { get; private set; }
    public long Atoms { get; private set; }

    /// <summary>Adds one configuration: reference labels from <paramref name="reference"/>, predictions given.</summary>
    public void Add(Configuration reference, double energy, ReadOnlySpan<double> forces, ReadOnlySpan<double> virialMlipOrder)
    {
        Configurations++;
        int n = reference.AtomCount;
        Atoms += n;
        if (reference.Energy is double e0)
        {
            double d = Math.Abs(energy - e0);
            _energy.Add(d);
            if (n > 0) _energyPerAtom.Add(d / n);
        }
        if (reference.Forces is { } f0)
        {
            for (int i = 0; i < n; i++)
            {
                double dx = forces[3 * i] - f0[3 * i], dy = forces[3 * i + 1] - f0[3 * i + 1], dz = forces[3 * i + 2] - f0[3 * i + 2];
                double d2 = dx * dx + dy * dy + dz * dz;
                _force.Add(Math.Sqrt(d2));
                double ref2 = f0[3 * i] * f0[3 * i] + f0[3 * i + 1] * f0[3 * i + 1] + f0[3 * i + 2] * f0[3 * i + 2];
                _maxForce = Math.Max(_maxForce, Math.Sqrt(ref2));
                _sumForce2 += ref2;
                _forceComponentSum += Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                _forceComponentSum2 += d2;
                _forceComponents += 3;
            }
        }
        if (reference.Virial is { } w0)
        {
            Span<double> dm = stackalloc double[9], rm = stackalloc double[9], diff = stackalloc double[6];
            for (int k = 0; k < 6; k++) diff[k] = virialMlipOrder[k] - w0[k];
            Units.VirialToMatrix(diff, dm);
            Units.VirialToMatrix(w0, rm);
            double d2 = 0, r2 = 0;
            for (int k = 0; k < 9; k++) { d2 += dm[k] * dm[k]; r2 += rm[k] * rm[k]; }
            _stress.Add(Math.Sqrt(d2));
            _maxStress = Math.Max(_maxStress, Math.Sqrt(r2));
            _sumStress2 += r2;
            _stressComponentSum2 += d2;
            _stressComponents += 9;
            double volume = reference.Cell.Volume;
            if (volume > 0)
            {
                double toGpa = Units.GpaPerEvPerCubicAngstromMlip / volume;
                _virialStress.Add(Math.Sqrt(d2) * toGpa);
                _maxVirialStress = Math.Max(_maxVirialStress, Math.Sqrt(r2) * toGpa);
                _sumVirialStress2 += r2 * toGpa * toGpa;
            }
        }
    }

    public double EnergyRmsePerAtom => _energyPerAtom.Rms;
    public double EnergyMaePerAtom => _energyPerAtom.Mean;
    public double EnergyRmse => _energy.Rms;
    public double ForceRmseVector => _force.Rms;
    public double ForceRmseComponent => _forceComponents == 0 ? 0 : Math.Sqrt(_forceComponentSum2 / _forceComponents);
    public double ForceMaeComponent => _forceComponents == 0 ? 0 : _forceComponentSum / _forceComponents;
    public double StressRmseComponent => _stressComponents == 0 ? 0 : Math.Sqrt(_stressComponentSum2 / _stressComponents);
    public int EnergyCount => _energy.Count;
    public int ForceCount => _force.Count;
    public int StressCount => _stress.Count;

    /// <summary>The report in MLIP-3's layout (check_errors), numbers as C++ streams print them (6 significant digits).</summary>
    public string FormatMlipReport()
    {
        var sb = new StringBuilder();
        sb.Append("_________________Errors report_________________\n");
        Section(sb, "Energy:", "configurations", _energy);
        sb.Append('\n');
        Section(sb, "Energy per atom:", "configurations", _energyPerAtom);
        sb.Append('\n');
        Section(sb, "Forces:", "atoms", _force);
        sb.Append("\tMax(ForceDiff) / Max(Force) = ").Append(G6(Ratio(_force.Max, _maxForce))).Append('\n');
        sb.Append("\tRMS(ForceDiff) / RMS(Force) = ").Append(G6(Math.Sqrt(Ratio(_force.SumSquares, _sumForce2)))).Append('\n');
        sb.Append('\n');
        Section(sb, "Stresses (in energy units):", "configurations", _stress);
        sb.Append("\tMax(StresDiff) / Max(Stres) = ").Append(G6(Ratio(_stress.Max, _maxStress))).Append('\n');
        sb.Append("\tRMS(StresDiff) / RMS(Stres) = ").Append(G6(Math.Sqrt(Ratio(_stress.SumSquares, _sumStress2)))).Append('\n');
        sb.Append('\n');
        Section(sb, "Virial stresses (in pressure units):", "configurations", _virialStress);
        sb.Append("\tMax(StresDiff) / Max(Stres) = ").Append(G6(Ratio(_virialStress.Max, _maxVirialStress))).Append('\n');
        sb.Append("\tRMS(StresDiff) / RMS(Stres) = ").Append(G6(Math.Sqrt(Ratio(_virialStress.SumSquares, _sumVirialStress2)))).Append('\n');
        sb.Append("_______________________________________________\n\n");
        return sb.ToString();
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    private static void Section(StringBuilder sb, string title, string unit, Accumulator a)
    {
        sb.Append(title).Append('\n');
        sb.Append("\tErrors checked for ").Append(a.Count).Append(' ').Append(unit).Append('\n');
        sb.Append("\tMaximal absolute difference = ").Append(G6(a.Max)).Append('\n');
        sb.Append("\tAverage absolute difference = ").Append(G6(a.Mean)).Append('\n');
        sb.Append("\tRMS     absolute difference = ").Append(G6(a.Rms)).Append('\n');
    }

    /// <summary>C++ default stream formatting (printf "%g", 6 significant digits).</summary>
    public static string G6(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace('E', 'e');

    private sealed class Accumulator
    {
        public int Count;
        public double Max, Sum, SumSquares;
        public void Add(double v) { Count++; Max = Math.Max(Max, v); Sum += v; SumSquares += v * v; }
        public double Mean => Count == 0 ? 0 : Sum / Count;
        public double Rms => Count == 0 ? 0 : Math.Sqrt(SumSquares / Count);
    }
}
