using System.Diagnostics;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// Seam's own fake (<c>@seamapi/fake-seam-connect</c>), seeded, on 127.0.0.1 and a free port. It stops when its
/// standard input closes, so it also goes away if the test run dies.
/// </summary>
internal sealed class SeamOwnFake : IAsyncDisposable
{
    /// <summary>The seeded API key of Seam's fake.</summary>
    public const string ApiKey = "seam_apikey1_token";

    private readonly Process _process;

    private SeamOwnFake(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<SeamOwnFake> StartAsync()
    {
        var process = Process.Start(Node.Script("seam-fake-loopback.mjs"))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
                return new SeamOwnFake(process, new Uri($"http://127.0.0.1:{line["listening ".Length..].Trim()}/"));
        }

        throw new InvalidOperationException("Seam's fake did not start: " + await process.StandardError.ReadToEndAsync());
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
