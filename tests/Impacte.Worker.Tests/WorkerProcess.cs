using System.Diagnostics;
using Impacte.Testing;

namespace Impacte.Worker.Tests;

/// <summary>A Worker as a real process (the built Impacte.Worker.dll), so a test can kill it with SIGKILL. Disposing kills it.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    public WorkerProcess(string instanceId, IEnumerable<string> args)
    {
        InstanceId = instanceId;
        var dll = Path.Combine(RepoPaths.Root, "src", "Impacte.Worker", "bin", "Debug", "net10.0", "Impacte.Worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--Jobs:ServerName={instanceId}");
        process = Process.Start(start)!;
        // Drain its output so a chatty Worker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string InstanceId { get; }

    /// <summary>SIGKILL: no shutdown hooks, no transaction commits, sockets dropped by the kernel.</summary>
    public void Kill9()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill9();
        process.Dispose();
    }
}
