using LowRankMlip.LowRank;
using LowRankMlip.Training;
using LowRankMlip.Training.Optimization;

namespace LowRankMlip.Compression;

/// <summary>Settings of a compression run: the method, its view and ranks, and the training settings it shares with <see cref="Trainer"/>.</summary>
public sealed record CompressionOptions
{
    public required CompressionMethod Method { get; init; }

    /// <summary>Matrix view (pairs, pairmu, mu, center) or tensor view (tensor3, tensor4) of C.</summary>
    public RadialView View { get; init; } = RadialView.Pairs;

    /// <summary>
    /// One rank for the matrix methods (the target rank for mfra); one rank per mode for Tucker; the d − 1
    /// interior ranks for TT. For svd on a tensor view the count decides: d ranks = HOSVD, d − 1 = TT-SVD.
    /// </summary>
    public required int[] Ranks { get; init; }

    /// <summary>svd: refit [ξ | θ] (and the scaling) after truncating; otherwise the truncation alone.</summary>
    public bool RefitLinear { get; init; }

    /// <summary>Riemannian optimizer of rmf, tucker and tt.</summary>
    public RiemannianMethod Riemannian { get; init; } = RiemannianMethod.Lbfgs;

    /// <summary>mfra: the starting rank.</summary>
    public int StartRank { get; init; } = 1;

    /// <summary>mfra: a rank has stalled when the loss falls by less than this (relative) over <see cref="AugmentWindow"/> iterations.</summary>
    public double AugmentTolerance { get; init; } = 1e-3;
    public int AugmentWindow { get; init; } = 10;

    /// <summary>Weights, limits, threads, checkpoint/resume, seed, rescaling: as for training.</summary>
    public TrainerOptions Training { get; init; } = new();
}

/// <summary>One step of rank augmentation: the loss reached at a rank before raising it.</summary>
public sealed record RankRecord(int Rank, int Iterations, double Loss, double TrainEnergyRmsePerAtom, double TrainForceRmse,
    double? ValidLoss, double? ValidEnergyRmsePerAtom, double? ValidForceRmse);

/// <summary>Outcome of <see cref="Compressor.Run"/>.</summary>
public sealed record CompressionResult(CompressedPotential Compressed, ExitReason Reason, int Iterations, int Evaluations,
    IReadOnlyList<IterationRecord> History, IReadOnlyList<RankRecord> Ranks, double Loss, double TrainEnergyRmsePerAtom, double TrainForceRmse,
    TrainingProfile Profile);
