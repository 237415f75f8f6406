using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LowRankMlip.Ace;

/// <summary>
/// Builds the YAML of an <see cref="AcePotential"/> in ML-PACE's layout (ace-spec §9): flow-style
/// entries, bond keys as sequences, doubles in round-trip ("R") notation so reading the file back
/// gives bit-identical numbers.
/// </summary>
internal static class YaceWriter
{
    public static void Write(AcePotential p, TextWriter output)
    {
        var root = new YamlMappingNode
        {
            { "elements", Flow(p.Elements.Select(e => new YamlScalarNode(e))) },
            { "E0", Numbers(p.E0) },
            { "deltaSplineBins", Number(p.DeltaSplineBins) },
        };
        var embeddings = new YamlMappingNode();
        for (int mu = 0; mu < p.SpeciesCount; mu++) embeddings.Add(Int(mu), Embedding(p.Embeddings[mu]));
        root.Add("embeddings", embeddings);
        var bonds = new YamlMappingNode();
        for (int a = 0; a < p.SpeciesCount; a++)
            for (int b = 0; b < p.SpeciesCount; b++)
                bonds.Add(Flow([Int(a), Int(b)]), Bond(p.Bonds[a, b]));
        root.Add("bonds", bonds);
        var functions = new YamlMappingNode();
        for (int mu = 0; mu < p.SpeciesCount; mu++)
            functions.Add(Int(mu), new YamlSequenceNode(p.Functions[mu].Select(Function)));
        root.Add("functions", functions);
        new YamlStream(new YamlDocument(root)).Save(output, assignAnchors: false);
    }

    private static YamlMappingNode Embedding(AceEmbedding e) => FlowMap(new YamlMappingNode
    {
        { "ndensity", Int(e.DensityCount) },
        { "FS_parameters", Numbers(e.FsParameters) },
        { "npoti", AceEmbedding.Name(e.Kind) },
        { "rho_core_cutoff", Number(e.RhoCoreCutoff) },
        { "drho_core_cutoff", Number(e.DrhoCoreCutoff) },
    });

    private static YamlMappingNode Bond(AceBond b)
    {
        var crad = new YamlSequenceNode();
        for (int n = 0; n < b.Nradmax; n++)
        {
            var ls = new YamlSequenceNode { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
            for (int l = 0; l <= b.Lmax; l++)
                ls.Add(Numbers(b.RadCoefficients.AsSpan((n * (b.Lmax + 1) + l) * b.Nradbasemax, b.Nradbasemax).ToArray()));
            crad.Add(ls);
        }
        crad.Style = YamlDotNet.Core.Events.SequenceStyle.Flow;
        var m = new YamlMappingNode
        {
            { "nradmax", Int(b.Nradmax) }, { "lmax", Int(b.Lmax) }, { "nradbasemax", Int(b.Nradbasemax) },
            { "radbasename", b.RadBaseName }, { "radparameters", Numbers(b.RadParameters) }, { "radcoefficients", crad },
            { "prehc", Number(b.Prehc) }, { "lambdahc", Number(b.Lambdahc) }, { "rcut", Number(b.Rcut) }, { "dcut", Number(b.Dcut) },
        };
        if (b.RcutIn is { } ri) m.Add("rcut_in", Number(ri));
        if (b.DcutIn is { } di) m.Add("dcut_in", Number(di));
        if (b.InnerCutoffType is { } t) m.Add("inner_cutoff_type", t);
        return FlowMap(m);
    }

    private static YamlMappingNode Function(AceFunction f) => FlowMap(new YamlMappingNode
    {
        { "mu0", Int(f.Mu0) }, { "rank", Int(f.Rank) }, { "ndensity", Int(f.DensityCount) }, { "num_ms_combs", Int(f.MsCombinationCount) },
        { "mus", Ints(f.Mus) }, { "ns", Ints(f.Ns) }, { "ls", Ints(f.Ls) }, { "ms_combs", Ints(f.MsCombs) }, { "ctildes", Numbers(f.Ctildes) },
    });

    private static YamlMappingNode FlowMap(YamlMappingNode m) { m.Style = YamlDotNet.Core.Events.MappingStyle.Flow; return m; }

    private static YamlSequenceNode Flow(IEnumerable<YamlNode> items) =>
        new(items) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };

    private static YamlScalarNode Int(int v) => new(v.ToString(CultureInfo.InvariantCulture));

    private static YamlScalarNode Number(double v) => new(v.ToString("R", CultureInfo.InvariantCulture));

    private static YamlSequenceNode Ints(int[] v) => Flow(v.Select(Int));

    private static YamlSequenceNode Numbers(double[] v) => Flow(v.Select(Number));
}
