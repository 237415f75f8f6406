namespace LowRankMlip.Experiments.Data;

/// <summary>
/// A dataset file is not under the data root (issue 5 §1): names the dataset, the missing path and the exact
/// command that fetches it.
/// </summary>
public sealed class MissingDataException(string dataset, string root, string missingPath)
    : IOException($"dataset '{dataset}' is missing under the data root {root} (no {missingPath}); fetch it with: " +
        $"bash scripts/fetch-data.sh --data {Quote(root)} --only {dataset}   " +
        $"(or copy a local mirror: bash scripts/fetch-data.sh --from ../shared/reference-data --data {Quote(root)} --only {dataset})")
{
    public string Dataset { get; } = dataset;
    public string Root { get; } = root;
    public string MissingPath { get; } = missingPath;

    private static string Quote(string path) => path.Any(char.IsWhiteSpace) ? $"'{path}'" : path;
}
