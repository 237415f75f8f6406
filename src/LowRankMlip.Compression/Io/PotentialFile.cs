using LowRankMlip.Io;
using LowRankMlip.Mtp;
using LowRankMlip.Mtp.Io;

namespace LowRankMlip.Compression.Io;

/// <summary>A potential as read from disk: the dense MTP, and the compressed form when the file stores factors.</summary>
public sealed record LoadedPotential(MtpPotential Potential, CompressedPotential? Compressed);

/// <summary>Reads an MLIP .mtp/.almtp or a compressed .lrmtp, told apart by their first word.</summary>
public static class PotentialFile
{
    public static LoadedPotential Read(string path)
    {
        bool compressed;
        try { compressed = CompressedMtpFile.IsCompressed(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, 0, $"cannot read the potential file: {e.Message}", e);
        }
        if (!compressed) return new LoadedPotential(MtpFile.Read(path), null);
        var c = CompressedMtpFile.Read(path);
        return new LoadedPotential(c.Potential, c);
    }
}
