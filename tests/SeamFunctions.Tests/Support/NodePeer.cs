using System.Diagnostics;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// A server from <c>tests/peers/</c> run with Node.js: it binds 127.0.0.1, prints <c>listening PORT</c>, and
/// stops when its standard input closes, so it also goes away if the test run dies.
/// </summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;

    private NodePeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static async Task<NodePeer> StartAsync(string script)
    {
        var process = Process.Start(Node.Script(script))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
                return new NodePeer(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        throw new InvalidOperationException($"{script} did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
