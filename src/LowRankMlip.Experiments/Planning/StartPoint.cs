using LowRankMlip.LowRank;
using LowRankMlip.Mtp;

namespace LowRankMlip.Experiments.Planning;

/// <summary>
/// A start of the grid (issue 5 brief): a template, trained by the full cell with the same budget as the
/// compressed cells (which train from the template too; svd truncates the full cell's result), or a published
/// potential, evaluated as is by the full cell and compressed directly.
/// </summary>
public sealed record StartPoint(string Label, bool IsTemplate, string RelativePath, MtpPotential Potential, int SpeciesCount)
{
    public int Level => Potential.Level;

    /// <summary>Shape of the radial tensor the cells compress (a template gets its species from the data).</summary>
    public RadialShape Shape => new(SpeciesCount, Potential.RadialFunctionCount, Potential.RadialBasisSize);

    /// <summary>Species and moment coefficients S + Ns, never compressed.</summary>
    public int LinearParameterCount => SpeciesCount + Potential.Basis.ScalarCount;

    public string Kind => IsTemplate ? "template" : "published";

    /// <summary>Built by the suite (<see cref="Mtp.Templates.MtpTemplateGenerator"/>): no data file behind <see cref="RelativePath"/>.</summary>
    public bool IsGenerated { get; init; }
}
