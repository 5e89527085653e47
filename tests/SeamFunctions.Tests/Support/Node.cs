using System.Diagnostics;

namespace SeamFunctions.Tests.Support;

/// <summary>Runs the npm test peers (Seam's OpenAPI document, Seam's own fake) with the machine's Node.js.</summary>
internal static class Node
{
    public static ProcessStartInfo Script(string script, params string[] args)
    {
        _ = RepositoryRoot.NodeModules; // fails clearly when `npm ci` was not run
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "tests", "peers", script));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>Runs a script to its end and returns its standard output; throws with its errors if it fails.</summary>
    public static async Task<string> RunAsync(string script, params string[] args)
    {
        using var process = Process.Start(Script(script, args))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {await errors}");
    }
}
