using System.Globalization;

namespace LowRankMlip.Experiments.Output;

/// <summary>Mean and sample standard deviation over seeds (issue 5 §4: mean ± spread); Std is 0 for one value.</summary>
public readonly record struct Stat(double Mean, double Std, int Count)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return new Stat(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new Stat(mean, std, v.Length);
    }

    /// <summary>"mean" for one value, "mean ± std" for several, with the given .NET format.</summary>
    public string Format(string format, string separator = " ± ") =>
        Count == 0 ? "" : Count == 1 ? Mean.ToString(format, CultureInfo.InvariantCulture)
            : Mean.ToString(format, CultureInfo.InvariantCulture) + separator + Std.ToString(format, CultureInfo.InvariantCulture);
}
