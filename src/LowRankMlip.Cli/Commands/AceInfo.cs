using System.Globalization;
using LowRankMlip.Ace;

namespace LowRankMlip.Cli.Commands;

/// <summary>What an ACE potential (.yace) holds, for lrmlip info (ace-spec §9, §10).</summary>
internal static class AceInfo
{
    public static string Describe(AcePotential p, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"file:               {path}",
            "model:              ACE (ML-PACE C-tilde basis)",
            $"elements:           {string.Join(", ", p.Elements.Select((e, i) => $"{i} = {e}"))}",
            $"E0:                 {string.Join(", ", p.E0.Select(x => x.ToString("R", inv)))}",
        };
        for (int mu = 0; mu < p.SpeciesCount; mu++)
        {
            var e = p.Embeddings[mu];
            lines.Add($"embedding {p.Elements[mu],-9}{AceEmbedding.Name(e.Kind)}, ndensity {e.DensityCount}, FS_parameters [{string.Join(", ", e.FsParameters.Select(x => x.ToString("R", inv)))}]");
        }
        for (int a = 0; a < p.SpeciesCount; a++)
            for (int b = 0; b < p.SpeciesCount; b++)
            {
                var bond = p.Bonds[a, b];
                lines.Add($"bond {p.Elements[a] + "-" + p.Elements[b],-14}{bond.RadBaseName}, nradmax {bond.Nradmax}, lmax {bond.Lmax}, nradbase {bond.Nradbasemax}, " +
                    $"rcut {bond.Rcut.ToString("R", inv)} Å, inner cutoff {bond.InnerCutoffType ?? "density (default)"}");
            }
        for (int mu = 0; mu < p.SpeciesCount; mu++)
        {
            var byRank = p.Functions[mu].GroupBy(f => f.Rank).OrderBy(g => g.Key).Select(g => $"rank {g.Key}: {g.Count()}");
            lines.Add($"functions {p.Elements[mu],-9}{p.Functions[mu].Length} ({string.Join(", ", byRank)})");
        }
        int crad = p.RadialParameterCount, ctilde = p.BasisCoefficientCount;
        lines.Add("parameters:");
        lines.Add($"  radial crad         {crad} (S² blocks of nradmax·(lmax+1)·nradbase)");
        lines.Add($"  coefficients c̃      {ctilde}");
        lines.Add($"  total               {crad + ctilde} (radial share {(100.0 * crad / Math.Max(1, crad + ctilde)).ToString("F1", inv)} %)");
        lines.Add($"evaluation:         {new AceEvaluator(p).EvaluationPathDescription}");
        return string.Join('\n', lines) + "\n";
    }
}
