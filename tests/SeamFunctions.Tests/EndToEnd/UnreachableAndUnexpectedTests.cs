using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

public sealed class UnreachableAndUnexpectedTests
{
    [Fact]
    public async Task ARefusedConnectionIs502UpstreamUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?> { ["Seam:BaseUrl"] = $"http://127.0.0.1:{closedPort}" });

        using var response = await adapter.PostAsync(Adapter.ValidRequest());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("upstream_unavailable", (string?)body["code"]);
        Assert.True((bool)body["retryable"]!);
    }

    [Fact]
    public async Task AnUnexpectedFailureIs500WithoutTheExceptionText()
    {
        await using var adapter = await Adapter.StartAsync(services: s => s.AddSingleton<TimeProvider>(new BrokenClock()));
        var request = Adapter.ValidRequest();
        request["ends_at"] = "2030-01-01T00:00:00Z";

        using var response = await adapter.PostAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"internal_error\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(BrokenClock.Message, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.Contains(BrokenClock.Message, adapter.AllLogText(), StringComparison.Ordinal); // the operator still sees it
    }

    private sealed class BrokenClock : TimeProvider
    {
        public const string Message = "clock exploded at line 42";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Message);
    }
}
