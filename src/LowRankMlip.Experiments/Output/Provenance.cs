using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LowRankMlip.Mtp.Kernels.Common;

namespace LowRankMlip.Experiments.Output;

/// <summary>What produced a result (issue 5 §4 manifest): commit, machine, .NET, SIMD path, time.</summary>
public sealed record Provenance(
    string Commit,
    bool WorkingTreeClean,
    string Cpu,
    int LogicalCores,
    string Os,
    string DotNet,
    string SimdPath,
    string Utc)
{
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;

    public static Provenance Capture(string? repositoryRoot)
    {
        var (commit, clean) = Git(repositoryRoot);
        return new Provenance(commit, clean, CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, KernelDispatch.Describe(KernelPath.Auto),
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    private static (string Commit, bool Clean) Git(string? directory)
    {
        if (directory is null) return ("unknown", false);
        var head = RunGit(directory, "rev-parse HEAD");
        if (head is null) return ("unknown", false);
        var status = RunGit(directory, "status --porcelain --untracked-files=no");
        return (head.Trim(), status is not null && status.Trim().Length == 0);
    }

    private static string? RunGit(string directory, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var p = Process.Start(info);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed
        }
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
