namespace LowRankMlip.Io;

/// <summary>Configuration file formats this library reads (datasets.md §3) and writes.</summary>
public enum ConfigurationFormat
{
    /// <summary>MLIP text .cfg (mtp-spec §8).</summary>
    Cfg,
    /// <summary>Extended XYZ, ASE conventions.</summary>
    ExtXyz,
    /// <summary>maml/mlearn JSON list of records (read only).</summary>
    MamlJson,
    /// <summary>NeuralIL JSON lines, one object per configuration (read only).</summary>
    NeuralIlJson,
}

/// <summary>Receives configurations one at a time; <see cref="Commit"/> makes the output visible (atomically).</summary>
public interface IConfigurationSink : IDisposable
{
    void Write(Configuration configuration);

    /// <summary>The text <see cref="Write"/> would append for <paramref name="configuration"/>; thread-safe, so callers may format in parallel.</summary>
    string Format(Configuration configuration);

    /// <summary>Appends text made by <see cref="Format"/> (counts as one configuration).</summary>
    void WriteFormatted(string text);

    /// <summary>Number of configurations written so far.</summary>
    int Count { get; }

    /// <summary>Finishes the file and moves it into place; disposing without commit discards it.</summary>
    void Commit();
}
