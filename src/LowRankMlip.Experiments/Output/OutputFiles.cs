namespace LowRankMlip.Experiments.Output;

/// <summary>File names inside a run's output folder (issue 5 §4).</summary>
public static class OutputFiles
{
    public const string TableCsv = "table.csv";
    public const string TableMarkdown = "table.md";
    public const string TableJson = "table.json";
    public const string CellsCsv = "cells.csv";
    public const string Plot = "errors-vs-params.png";
    public const string Manifest = "manifest.json";
}
