namespace LowRankMlip.LowRank;

/// <summary>Checks of a factor list read back from a file: count, names, shapes and finite entries.</summary>
internal static class FactorValidation
{
    public static void ExpectCount(IReadOnlyList<Factor> factors, int count, string format)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count != count)
            throw new ArgumentException($"{format} point: expected {count} factors, got {factors.Count}.", nameof(factors));
    }

    /// <summary>The factor at <paramref name="index"/>, which must be called <paramref name="name"/> and have <paramref name="shape"/>.</summary>
    public static double[] Expect(IReadOnlyList<Factor> factors, int index, string name, params int[] shape)
    {
        var factor = factors[index] ?? throw new ArgumentException($"Factor {index} ('{name}' expected) is null.", nameof(factors));
        if (factor.Name != name)
            throw new ArgumentException($"Factor {index}: expected '{name}', got '{factor.Name}'.", nameof(factors));
        if (factor.Shape is null || !factor.Shape.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"Factor '{name}': expected shape [{string.Join(", ", shape)}], got [{string.Join(", ", factor.Shape ?? [])}].", nameof(factors));
        if (factor.Data is null || factor.Data.Length != factor.Count)
            throw new ArgumentException($"Factor '{name}': expected {factor.Count} entries, got {factor.Data?.Length ?? 0}.", nameof(factors));
        if (!factor.Data.All(double.IsFinite))
            throw new ArgumentException($"Factor '{name}' has a non-finite entry.", nameof(factors));
        return factor.Data;
    }
}
