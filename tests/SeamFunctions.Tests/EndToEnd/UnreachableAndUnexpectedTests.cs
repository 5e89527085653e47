using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

public sealed class UnreachableAndUnexpectedTests
{
    [Fact]
    public async Task ARefusedConnectionIsTriedThreeTimesInAllThen502UpstreamUnavailable()
    {
        var closedPort = ClosedPort();
        var clock = new RetryClock();
        await using var adapter = await Adapter.StartAsync(
            new Dictionary<string, string?> { ["Seam:BaseUrl"] = $"http://127.0.0.1:{closedPort}" }, services: s => s.AddSingleton<TimeProvider>(clock));

        using var response = await adapter.PostAsync(Adapter.ValidRequest());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("upstream_unavailable", (string?)body["code"]);
        Assert.True((bool)body["retryable"]!);
        Assert.Collection(clock.RetryDelays,
            first => Assert.InRange(first.TotalMilliseconds, 200, 250),
            second => Assert.InRange(second.TotalMilliseconds, 400, 500));
    }

    [Fact]
    public async Task ASeamThatRefusedTheFirstConnectionIsReachedByTheRetryAndMakesThePinOnce()
    {
        var port = ClosedPort();
        FakeSeamServer? seamLater = null;
        var clock = new RetryClock(onRetry: () => seamLater ??= FakeSeamServer.StartAsync(port).GetAwaiter().GetResult());
        await using var adapter = await Adapter.StartAsync(
            new Dictionary<string, string?> { ["Seam:BaseUrl"] = $"http://127.0.0.1:{port}" }, services: s => s.AddSingleton<TimeProvider>(clock));

        using var response = await adapter.PostAsync(Adapter.ValidRequest());
        await using var seam = seamLater;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(clock.RetryDelays);
        Assert.Single(seam!.State.Credentials);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Real time, except that the waits before a connection is tried again (a few hundred milliseconds) are noted and
    /// end at once; <paramref name="onRetry"/> runs as each begins.
    /// </summary>
    private sealed class RetryClock(Action? onRetry = null) : TimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> _retryDelays = new();

        public IReadOnlyList<TimeSpan> RetryDelays => [.. _retryDelays];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime < TimeSpan.FromMilliseconds(200) || dueTime > TimeSpan.FromSeconds(1))
                return base.CreateTimer(callback, state, dueTime, period);
            _retryDelays.Enqueue(dueTime);
            onRetry?.Invoke();
            return base.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
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
