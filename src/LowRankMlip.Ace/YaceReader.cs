using System.Globalization;
using LowRankMlip.Io;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LowRankMlip.Ace;

/// <summary>
/// Parses a <c>.yace</c> (ace-spec §9) with YamlDotNet's representation model: bond keys are YAML
/// sequences (<c>[0, 1]:</c>), which typed deserialisation into string-keyed maps cannot take.
/// Every shape rule of ML-PACE's loader is checked; a violation names the file, line and key.
/// </summary>
internal sealed class YaceReader
{
    private static readonly HashSet<string> TopKeys = ["elements", "E0", "deltaSplineBins", "embeddings", "bonds", "functions"];
    private static readonly HashSet<string> EmbeddingKeys = ["ndensity", "FS_parameters", "npoti", "rho_core_cutoff", "drho_core_cutoff"];
    private static readonly HashSet<string> BondKeys = ["nradmax", "lmax", "nradbasemax", "radbasename", "radparameters", "radcoefficients",
        "prehc", "lambdahc", "rcut", "dcut", "rcut_in", "dcut_in", "inner_cutoff_type"];
    private static readonly HashSet<string> FunctionKeys = ["mu0", "rank", "ndensity", "num_ms_combs", "mus", "ns", "ls", "ms_combs", "ctildes"];

    private readonly string _file;

    private YaceReader(string file) => _file = file;

    public static AcePotential Parse(TextReader text, string file)
    {
        var stream = new YamlStream();
        try { stream.Load(text); }
        catch (YamlException e) { throw new InputFormatException(file, (int)e.Start.Line, "not valid YAML: " + e.Message, e); }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputFormatException(file, 0, "expected one YAML document whose top level is a mapping (elements, E0, embeddings, bonds, functions)");
        return new YaceReader(file).ReadPotential(root);
    }

    private AcePotential ReadPotential(YamlMappingNode root)
    {
        CheckKeys(root, TopKeys, "");
        var elements = StringList(Required(root, "elements", ""), "elements");
        int s = elements.Length;
        if (s == 0) throw Error(root, "elements: expected at least one element symbol");
        var e0 = Find(root, "E0") is { } e0Node ? DoubleList(e0Node, "E0", s) : new double[s];
        double delta = Find(root, "deltaSplineBins") is { } d ? Double(d, "deltaSplineBins") : 0.001;

        var embeddings = new AceEmbedding?[s];
        foreach (var (keyNode, value) in Mapping(Required(root, "embeddings", ""), "embeddings").Children)
        {
            int mu = SpeciesKey(keyNode, s, "embeddings");
            if (embeddings[mu] is not null) throw Error(keyNode, $"embeddings: species {mu} is given twice");
            embeddings[mu] = ReadEmbedding(Mapping(value, $"embeddings.{mu}"), $"embeddings.{mu}");
        }
        for (int mu = 0; mu < s; mu++)
            if (embeddings[mu] is null) throw Error(root, $"embeddings: no entry for species {mu} ({elements[mu]})");

        var bonds = new AceBond?[s, s];
        foreach (var (keyNode, value) in Mapping(Required(root, "bonds", ""), "bonds").Children)
        {
            if (keyNode is not YamlSequenceNode pair || pair.Children.Count != 2)
                throw Error(keyNode, "bonds: each key must be a species pair [mu_i, mu_j]");
            int a = SpeciesKey(pair.Children[0], s, "bonds"), b = SpeciesKey(pair.Children[1], s, "bonds");
            string where = $"bonds.[{a}, {b}]";
            if (bonds[a, b] is not null) throw Error(keyNode, $"{where} is given twice");
            bonds[a, b] = ReadBond(Mapping(value, where), where);
        }
        var full = new AceBond[s, s];
        for (int a = 0; a < s; a++)
            for (int b = 0; b < s; b++)
                full[a, b] = bonds[a, b] ?? throw Error(root, $"bonds: no entry for the pair [{a}, {b}] ({elements[a]}-{elements[b]}); every ordered pair is required");
        CheckZbl(root, elements, full);

        var functions = new AceFunction[s][];
        for (int mu = 0; mu < s; mu++) functions[mu] = [];
        foreach (var (keyNode, value) in Mapping(Required(root, "functions", ""), "functions").Children)
        {
            int mu = SpeciesKey(keyNode, s, "functions");
            var list = Sequence(value, $"functions.{mu}");
            functions[mu] = new AceFunction[list.Children.Count];
            for (int f = 0; f < functions[mu].Length; f++)
                functions[mu][f] = ReadFunction(Mapping(list.Children[f], $"functions.{mu}[{f}]"), $"functions.{mu}[{f}]", mu, embeddings[mu]!, full);
        }
        return new AcePotential(elements, e0, delta, embeddings!, full, functions);
    }

    private AceEmbedding ReadEmbedding(YamlMappingNode m, string where)
    {
        CheckKeys(m, EmbeddingKeys, where);
        int p = Int(Required(m, "ndensity", where), where + ".ndensity");
        if (p < 1) throw Error(m, $"{where}.ndensity: expected at least 1, got {p}");
        var fs = DoubleList(Required(m, "FS_parameters", where), where + ".FS_parameters", 2 * p);
        var npotiNode = Required(m, "npoti", where);
        string npoti = Scalar(npotiNode, where + ".npoti");
        var kind = AceEmbedding.Parse(npoti)
            ?? throw Error(npotiNode, $"{where}.npoti: unsupported embedding '{npoti}'; supported: FinnisSinclair, FinnisSinclairShiftedScaled");
        double rho = Double(Required(m, "rho_core_cutoff", where), where + ".rho_core_cutoff");
        double drho = Double(Required(m, "drho_core_cutoff", where), where + ".drho_core_cutoff");
        return new AceEmbedding(p, fs, kind, rho, drho);
    }

    private AceBond ReadBond(YamlMappingNode m, string where)
    {
        CheckKeys(m, BondKeys, where);
        int nradmax = NonNegativeInt(m, "nradmax", where), lmax = NonNegativeInt(m, "lmax", where), nbase = NonNegativeInt(m, "nradbasemax", where);
        var nameNode = Required(m, "radbasename", where);
        string name = Scalar(nameNode, where + ".radbasename");
        if (AceBond.RadialBasisKindOf(name) is null)
            throw Error(nameNode, $"{where}.radbasename: unsupported radial basis '{name}'; supported: ChebExpCos, ChebPow, ChebLinear, SBessel, TEST_* (ACE.jl radial formats are not)");
        var radParameters = DoubleList(Required(m, "radparameters", where), where + ".radparameters", null);
        if (radParameters.Length == 0 && name is "ChebExpCos" or "ChebPow")
            throw Error(m, $"{where}.radparameters: {name} needs λ = radparameters[0]");
        var crad = Crad(Required(m, "radcoefficients", where), where + ".radcoefficients", nradmax, lmax, nbase);
        double? rcutIn = Find(m, "rcut_in") is { } ri ? Double(ri, where + ".rcut_in") : null;
        double? dcutIn = Find(m, "dcut_in") is { } di ? Double(di, where + ".dcut_in") : null;
        string? inner = Find(m, "inner_cutoff_type") is { } it ? Scalar(it, where + ".inner_cutoff_type") : null;
        if (inner is not (null or "density" or "distance" or "zbl"))
            throw Error(Find(m, "inner_cutoff_type")!, $"{where}.inner_cutoff_type: unsupported mode '{inner}'; supported: density, distance, zbl");
        if (inner is "distance" or "zbl" && (rcutIn is null || dcutIn is null))
            throw Error(m, $"{where}: inner_cutoff_type {inner} needs rcut_in and dcut_in");
        if (inner == "zbl" && !(dcutIn > 0))
            throw Error(Find(m, "dcut_in")!, $"{where}.dcut_in: inner_cutoff_type zbl needs a positive switch width, got {dcutIn}");
        double rcut = Double(Required(m, "rcut", where), where + ".rcut");
        if (!(rcut > 0)) throw Error(m, $"{where}.rcut: expected a positive cutoff, got {rcut}");
        return new AceBond(nradmax, lmax, nbase, name, radParameters, crad,
            Double(Required(m, "prehc", where), where + ".prehc"), Double(Required(m, "lambdahc", where), where + ".lambdahc"),
            rcut, Double(Required(m, "dcut", where), where + ".dcut"), rcutIn, dcutIn, inner);
    }

    /// <summary>
    /// zbl is one mode for the whole potential (ML-PACE keeps a single inner_cutoff_type), and its pair term
    /// needs each element's atomic number (ace-spec §3).
    /// </summary>
    private void CheckZbl(YamlMappingNode root, string[] elements, AceBond[,] bonds)
    {
        var modes = bonds.Cast<AceBond>().Select(b => b.InnerCutoff == AceInnerCutoffKind.Zbl).Distinct().ToArray();
        if (modes.Length > 1)
            throw Error(root, "bonds: inner_cutoff_type zbl must be given for every bond or for none (one inner-cutoff mode per potential)");
        if (!modes[0]) return;
        foreach (var e in elements)
            if (!Elements.TryGetAtomicNumber(e, out _))
                throw Error(root, $"elements: '{e}' is not an element symbol, but inner_cutoff_type zbl needs its atomic number");
    }

    /// <summary>radcoefficients: nradmax lists of (lmax+1) lists of nradbasemax numbers, flattened [n][l][k].</summary>
    private double[] Crad(YamlNode node, string where, int nradmax, int lmax, int nbase)
    {
        var outer = Sequence(node, where);
        if (outer.Children.Count != nradmax) throw Error(node, $"{where}: expected nradmax = {nradmax} blocks, got {outer.Children.Count}");
        var crad = new double[nradmax * (lmax + 1) * nbase];
        for (int n = 0; n < nradmax; n++)
        {
            var ls = Sequence(outer.Children[n], $"{where}[{n}]");
            if (ls.Children.Count != lmax + 1) throw Error(ls, $"{where}[{n}]: expected lmax+1 = {lmax + 1} rows, got {ls.Children.Count}");
            for (int l = 0; l <= lmax; l++)
                DoubleList(ls.Children[l], $"{where}[{n}][{l}]", nbase).CopyTo(crad, (n * (lmax + 1) + l) * nbase);
        }
        return crad;
    }

    private AceFunction ReadFunction(YamlMappingNode m, string where, int mu0Key, AceEmbedding embedding, AceBond[,] bonds)
    {
        CheckKeys(m, FunctionKeys, where);
        int mu0 = Int(Required(m, "mu0", where), where + ".mu0");
        if (mu0 != mu0Key) throw Error(m, $"{where}.mu0: is {mu0} but the function is listed under species {mu0Key}");
        int rank = Int(Required(m, "rank", where), where + ".rank");
        if (rank < 1) throw Error(m, $"{where}.rank: expected at least 1, got {rank}");
        int p = Int(Required(m, "ndensity", where), where + ".ndensity");
        if (p != embedding.DensityCount) throw Error(m, $"{where}.ndensity: is {p} but the embedding of species {mu0} has ndensity {embedding.DensityCount}");
        int combs = Int(Required(m, "num_ms_combs", where), where + ".num_ms_combs");
        if (combs < 1) throw Error(m, $"{where}.num_ms_combs: expected at least 1, got {combs}");
        var mus = IntList(Required(m, "mus", where), where + ".mus", rank);
        var ns = IntList(Required(m, "ns", where), where + ".ns", rank);
        var ls = IntList(Required(m, "ls", where), where + ".ls", rank);
        var ms = IntList(Required(m, "ms_combs", where), where + ".ms_combs", combs * rank);
        var ctildes = DoubleList(Required(m, "ctildes", where), where + ".ctildes", combs * p);
        int s = bonds.GetLength(0);
        for (int t = 0; t < rank; t++)
        {
            if (mus[t] < 0 || mus[t] >= s) throw Error(m, $"{where}.mus[{t}]: species {mus[t]} is not in 0..{s - 1}");
            var bond = bonds[mu0, mus[t]];
            // ace-spec §2: ns is 1-based; rank 1 indexes the raw basis g_k, higher ranks R_nl.
            int nmax = rank == 1 ? bond.Nradbasemax : bond.Nradmax;
            if (ns[t] < 1 || ns[t] > nmax)
                throw Error(m, $"{where}.ns[{t}]: {ns[t]} is outside 1..{nmax} ({(rank == 1 ? "nradbasemax" : "nradmax")} of bond [{mu0}, {mus[t]}])");
            if (ls[t] < 0 || ls[t] > (rank == 1 ? 0 : bond.Lmax))
                throw Error(m, $"{where}.ls[{t}]: {ls[t]} is outside 0..{(rank == 1 ? 0 : bond.Lmax)} (lmax of bond [{mu0}, {mus[t]}])");
            for (int c = 0; c < combs; c++)
                if (Math.Abs(ms[c * rank + t]) > ls[t]) throw Error(m, $"{where}.ms_combs[{c * rank + t}]: |m| = {Math.Abs(ms[c * rank + t])} exceeds l = {ls[t]}");
        }
        return new AceFunction(mu0, rank, p, combs, mus, ns, ls, ms, ctildes);
    }

    // ---- YAML node helpers: every failure names file, line and key ----

    private InputFormatException Error(YamlNode node, string problem) => new(_file, (int)node.Start.Line, problem);

    private void CheckKeys(YamlMappingNode m, HashSet<string> known, string where)
    {
        foreach (var key in m.Children.Keys)
            if (key is not YamlScalarNode { Value: { } k } || !known.Contains(k))
                throw Error(key, $"{(where.Length > 0 ? where + ": " : "")}unsupported key '{key}'; known keys: {string.Join(", ", known)}");
    }

    private static YamlNode? Find(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private YamlNode Required(YamlMappingNode m, string key, string where) =>
        Find(m, key) ?? throw Error(m, $"{(where.Length > 0 ? where + ": " : "")}missing key '{key}'");

    private YamlMappingNode Mapping(YamlNode node, string where) =>
        node as YamlMappingNode ?? throw Error(node, $"{where}: expected a mapping");

    private YamlSequenceNode Sequence(YamlNode node, string where) =>
        node as YamlSequenceNode ?? throw Error(node, $"{where}: expected a list");

    private string Scalar(YamlNode node, string where) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"{where}: expected a single value");

    private double Double(YamlNode node, string where)
    {
        string v = Scalar(node, where);
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            ? x : throw Error(node, $"{where}: expected a number, got '{v}'");
    }

    private int Int(YamlNode node, string where)
    {
        string v = Scalar(node, where);
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x)
            ? x : throw Error(node, $"{where}: expected an integer, got '{v}'");
    }

    private int NonNegativeInt(YamlMappingNode m, string key, string where)
    {
        int v = Int(Required(m, key, where), $"{where}.{key}");
        return v >= 0 ? v : throw Error(m, $"{where}.{key}: expected a non-negative integer, got {v}");
    }

    private int SpeciesKey(YamlNode node, int s, string where)
    {
        int mu = Int(node, where + " key");
        return mu >= 0 && mu < s ? mu : throw Error(node, $"{where}: species {mu} is not in 0..{s - 1}");
    }

    private double[] DoubleList(YamlNode node, string where, int? length)
    {
        var seq = Sequence(node, where);
        if (length is { } n && seq.Children.Count != n) throw Error(node, $"{where}: expected {n} numbers, got {seq.Children.Count}");
        return seq.Children.Select((c, i) => Double(c, $"{where}[{i}]")).ToArray();
    }

    private int[] IntList(YamlNode node, string where, int length)
    {
        var seq = Sequence(node, where);
        if (seq.Children.Count != length) throw Error(node, $"{where}: expected {length} integers, got {seq.Children.Count}");
        return seq.Children.Select((c, i) => Int(c, $"{where}[{i}]")).ToArray();
    }

    private string[] StringList(YamlNode node, string where) =>
        Sequence(node, where).Children.Select((c, i) => Scalar(c, $"{where}[{i}]")).ToArray();
}
