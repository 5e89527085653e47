using System.Diagnostics;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// A server from <c>tests/peers/</c> run with Node.js: it binds 127.0.0.1, prints <c>listening PORT</c>, and
/// stops when its standard input closes, so it also goes away if the test run dies.
/// </summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;

    private NodePeer(Process process, int port, IReadOnlyDictionary<string, string> announced)
    {
        _process = process;
        Port = port;
        Announced = announced;
    }

    public int Port { get; }

    /// <summary>What the peer printed before <c>listening</c>, as <c>name value</c> lines (e.g. Azurite's queue port).</summary>
    public IReadOnlyDictionary<string, string> Announced { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static async Task<NodePeer> StartAsync(string script)
    {
        var process = Process.Start(Node.Script(script))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var announced = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
                return new NodePeer(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture), announced);
            if (line.Split(' ', 2) is [var name, var value])
                announced[name] = value;
        }

        throw new InvalidOperationException($"{script} did not start: " + await process.StandardError.ReadToEndAsync());
    }

    /// <summary>Sends the peer one command line (see its script) and returns its one-line answer.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the peer ended");
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
