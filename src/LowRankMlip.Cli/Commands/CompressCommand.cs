using System.Diagnostics;
using System.Globalization;
using LowRankMlip.Compression;
using LowRankMlip.Compression.Io;
using LowRankMlip.LowRank;
using LowRankMlip.Mtp;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Cli.Commands;

/// <summary>lrmlip compress: low-rank compression of an MTP's radial tensor by svd, mf, rmf, tucker, tt or mfra.</summary>
public sealed class CompressCommand : ICommand
{
    public string Name => "compress";
    public string Summary => "compress the radial tensor to low rank (svd, mf, rmf, tucker, tt, mfra) and refit";
    public IReadOnlySet<string> Flags => new HashSet<string>([.. TrainingArguments.FlagNames, "refit-linear", "fit-ctilde"]);

    private const string Usage = "lrmlip compress POT TRAIN --method svd|mf|rmf|tucker|tt|mfra --rank R | --ranks R1,R2,… " +
        "[--unfolding pairs|pairmu|mu|center|tensor3|tensor4] [--refit-linear] [--optimizer lbfgs|cg] [--start-rank R0] --save-to OUT.lrmtp " +
        TrainingArguments.UsageOptions;

    public string Help => $"""
        usage: {Usage}

        Compresses the radial coefficient tensor C[a][b][μ][β] of POT (a trained .mtp, a compressed .lrmtp, or a
        template, which is initialized as train does) to low rank and fits it to TRAIN, always fitting the
        species and moment coefficients jointly (they are solved exactly at every evaluation). OUT is a
        compressed potential (.lrmtp: the factors plus the rest of the MTP) that calc-efs, calc-errors, info,
        bench and train accept; export-mtp writes its dense equivalent for MLIP and LAMMPS.

        Methods:
          svd     truncated SVD (matrix view), HOSVD (tensor view, one rank per mode) or TT-SVD (tensor view,
                  d − 1 ranks) of POT, no fitting; --refit-linear then refits [ξ | θ] and the scaling
          mf      C = U Vᵀ, factors optimized by L-BFGS from the truncated SVD (balanced U Σ^½, V Σ^½)
          rmf     Riemannian L-BFGS (or --optimizer cg) on the fixed-rank manifold
          tucker  Riemannian optimization on the fixed multilinear-rank manifold (--ranks, one per mode)
          tt      Riemannian optimization on the fixed TT-rank manifold (--ranks, the d − 1 interior ranks)
          mfra    mf with rank augmentation: from --start-rank (default 1) up to --rank, raising the rank by the
                  greedy rank-one step of the gradient's normal component whenever the loss stalls; stops early when
                  a rank does not improve the --valid loss; the loss reached at each rank is printed
        Views (--unfolding, default pairs; tensor3 for tucker and tt):
          pairs   (a,b) × (μ,β)        pairmu  (a,b,μ) × β        mu  μ × (a,b,β)        center  a × (b,μ,β)
          tensor3 (pair, μ, β)         tensor4 (a, b, μ, β)

          --method M             compression method (required)
          --fit-ctilde           ACE: fit the c̃ coefficients jointly with crad
          --rank R               rank of a matrix method (mfra: the target rank)
          --ranks R1,R2,…        Tucker ranks (one per mode) or TT ranks (d − 1)
          --unfolding V          view of C (see above)
          --refit-linear         svd: refit the species and moment coefficients after truncating
          --optimizer lbfgs|cg   Riemannian optimizer of rmf, tucker and tt (default lbfgs)
          --start-rank R0        mfra: the starting rank (default 1)
        {TrainingArguments.Help}
        {CommonOptions.ThreadsHelp}
        {CommonOptions.SpeciesHelp}

        Progress, Ctrl-C/SIGTERM, checkpoints and the CSV log behave as in train. At the end: parameter counts
        (radial free parameters and total, compression %) and MLIP-3 error reports on TRAIN and VALID.

        ACE (POT.yace, ace-spec §10): crad is the radial tensor with K = nradmax·(lmax+1), R = nradbase;
        --method svd truncates it (any view; Tucker/TT ranks for tensor views); rmf, tucker and tt then fit
        it on its manifold to TRAIN (Riemannian L-BFGS), mf fits the factors of U Vᵀ (L-BFGS), mfra does mf
        from rank 1 up to --rank with the greedy rank-one step (equal share of the iterations per rank). The
        loss is train's: --energy-weight, --force-weight, --stress-weight, --weight-scaling(-forces) with the
        same defaults (--force-weight 0 --stress-weight 0 fits energies only); its crad and c̃ gradients are
        exact (forward-over-reverse). --fit-ctilde frees the c̃ coefficients too (manifold × c̃ for the
        Riemannian methods). --iteration-limit, default 100; --tolerance as in train. TRAIN is the reference
        set (e.g. from lrmlip ace-sample), on which the deviation from its labels is reported; --save-to
        OUT.yace writes the compressed potential.

        example: lrmlip compress quaternary.mtp train.cfg --method rmf --rank 5 --unfolding pairs --valid test.cfg --save-to q-r5.lrmtp
        """;

    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positional.Count > 0 && Ace.YaceFile.IsYace(args.Positional[0])) return AceCompress.Run(args, stdout);
        var common = TrainingArguments.Parse(args, Usage);
        var methodName = args.Get("method") ?? throw new UsageException($"--method is required\nusage: {Usage}");
        CompressionMethod method;
        try { method = CompressionMethods.Parse(methodName); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var ranks = Ranks(args);
        bool tensorMethod = method is CompressionMethod.Tucker or CompressionMethod.Tt;
        RadialView view;
        try { view = RadialViews.Parse(args.Get("unfolding") ?? (tensorMethod ? "tensor3" : "pairs")); }
        catch (ArgumentException e) { throw new UsageException($"--unfolding: {e.Message}"); }
        var riemannian = args.Get("optimizer") switch
        {
            null or "lbfgs" => RiemannianMethod.Lbfgs,
            "cg" => RiemannianMethod.ConjugateGradient,
            var s => throw new UsageException($"--optimizer expects lbfgs or cg, got '{s}'"),
        };
        var options = new CompressionOptions
        {
            Method = method, View = view, Ranks = ranks, RefitLinear = args.Flag("refit-linear"), Riemannian = riemannian,
            StartRank = args.GetInt("start-rank", 1, min: 1), Training = common.Options,
        };
        args.Validate(2, 2, Usage);
        var loaded = PotentialFile.Read(args.Positional[0]);
        if (method == CompressionMethod.Svd && !loaded.Potential.IsTrained)
            throw new UsageException("svd truncates a trained potential; POT is an untrained template");
        return Execute(loaded.Potential, loaded.Compressed, args.Positional[1], common, options, "compress", stdout, stderr);
    }

    /// <summary>The options that continue a compressed potential with its own method, view and ranks.</summary>
    internal static CompressionOptions Continuing(CompressedPotential c) => new()
    {
        Method = c.Method != CompressionMethod.Svd ? c.Method : c.Radial.Kind switch
        {
            FactorizationKind.Tucker => CompressionMethod.Tucker,
            FactorizationKind.TensorTrain => CompressionMethod.Tt,
            FactorizationKind.Factored => CompressionMethod.Mf,
            _ => CompressionMethod.Rmf,
        },
        View = c.Radial.View,
        Ranks = c.Radial.Ranks,
    };

    internal static int Execute(MtpPotential potential, CompressedPotential? compressed, string trainPath, TrainingArguments common,
        CompressionOptions options, string verb, TextWriter stdout, TextWriter stderr)
    {
        options = options with { Training = common.Options };
        var training = TrainingConsole.Load(trainPath, potential, common.Species);
        var validation = common.Valid is null ? null : TrainingConsole.Load(common.Valid, potential, common.Species);
        stderr.WriteLine($"{verb}: {CompressionMethods.Name(options.Method)} on the {RadialViews.Name(options.View)} view, ranks {string.Join(",", options.Ranks)}; " +
            $"{training.Count} training configurations" + (validation is null ? "" : $", {validation.Count} validation") +
            $", level {potential.Level}, {options.Training.Threads} threads");

        using var console = new TrainingConsole(verb, stderr);
        var clock = Stopwatch.StartNew();
        var compressor = new Compressor(options)
        {
            OnIteration = console.Progress(common.LogPath),
            OnMessage = m => stderr.WriteLine($"{verb}: {m}"),
        };
        var result = compressor.Run(potential, compressed, training, validation, console.Token);
        CompressedMtpFile.Write(common.SaveTo, result.Compressed);
        TrainingConsole.WriteLog(common.LogPath, result.History);
        stderr.WriteLine($"{verb}: {result.Reason} after {result.Iterations} iterations, {result.Evaluations} loss evaluations, " +
            $"{clock.Elapsed.TotalSeconds:F1} s; loss {result.Loss:E4}; saved {common.SaveTo}");
        stderr.WriteLine($"{verb}: time in {result.Profile.Describe(clock.Elapsed)}");
        stdout.Write(InfoCommand.DescribeCompression(result.Compressed));
        if (result.Ranks.Count > 0)
        {
            stdout.WriteLine("rank augmentation (loss reached at each rank):");
            foreach (var r in result.Ranks)
            {
                var valid = r.ValidLoss is double v ? string.Create(CultureInfo.InvariantCulture, $", validation loss {v:E4}") : "";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  rank {r.Rank,2}: {r.Iterations,5} iterations, loss {r.Loss:E4}, train E {1000 * r.TrainEnergyRmsePerAtom:F3} meV/atom F {r.TrainForceRmse:F4} eV/Å{valid}"));
            }
        }
        TrainingConsole.PrintErrors(stdout, result.Compressed.Potential, training, validation, options.Training.Threads);
        return result.Reason == ExitReason.Cancelled ? 130 : 0;
    }

    internal static int[] Ranks(CliArguments args)
    {
        var rank = args.Get("rank");
        var ranks = args.Get("ranks");
        if (rank is not null && ranks is not null) throw new UsageException("give --rank R or --ranks R1,R2,…, not both");
        var text = rank ?? ranks ?? throw new UsageException($"--rank R (matrix methods) or --ranks R1,R2,… (tucker, tt) is required\nusage: {Usage}");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out result[k]) || result[k] < 1)
                throw new UsageException($"--{(rank is null ? "ranks" : "rank")} expects positive integers, got '{text}'");
        return result;
    }
}
