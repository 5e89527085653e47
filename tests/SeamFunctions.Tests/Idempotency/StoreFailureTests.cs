using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SeamFunctions.Commands;
using SeamFunctions.Idempotency;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Idempotency;

/// <summary>When the idempotency store fails, nothing unsafe happens and no created credential is lost.</summary>
public sealed class StoreFailureTests
{
    private static async Task<HttpResponseMessage> PostWithKeyAsync(Adapter adapter, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials")
        {
            Content = new StringContent(Adapter.ValidRequest().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IdempotencyKey.Header, key);
        return await adapter.Http.SendAsync(request);
    }

    [Fact]
    public async Task AStoreThatCannotClaimTheKeyIs503AndNothingReachesSeam()
    {
        var store = new FlakyStore { FailClaims = true };
        await using var adapter = await Adapter.StartAsync(services: s => s.AddSingleton<IIdempotencyStore>(store));

        using var response = await PostWithKeyAsync(adapter, "booking-store-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("idempotency_store_unavailable", (string?)body["code"]);
        Assert.True((bool)body["retryable"]!);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AStoreThatFailsAfterSeamCreatedStillAnswersTheCredential()
    {
        var store = new FlakyStore { FailSettles = true };
        await using var adapter = await Adapter.StartAsync(services: s => s.AddSingleton<IIdempotencyStore>(store));

        using var response = await PostWithKeyAsync(adapter, "booking-store-flaky");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(adapter.Seam.State.Credentials);
        Assert.Contains("The idempotency store failed", adapter.AllLogText(), StringComparison.Ordinal);
    }

    private sealed class FlakyStore : IIdempotencyStore
    {
        private readonly InMemoryIdempotencyStore _inner = new(NullLogger<InMemoryIdempotencyStore>.Instance);

        public bool FailClaims { get; init; }
        public bool FailSettles { get; init; }
        public string Name => "flaky";

        public Task<IdempotencyRecord?> GetAsync(string scope, string keyHash, CancellationToken cancellationToken) =>
            FailClaims ? throw new IOException("store down") : _inner.GetAsync(scope, keyHash, cancellationToken);

        public Task<bool> TryInsertAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
            FailClaims ? throw new IOException("store down") : _inner.TryInsertAsync(record, cancellationToken);

        public Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
            FailSettles ? throw new IOException("store down") : _inner.TryReplaceAsync(record, cancellationToken);

        public Task<bool> TryDeleteAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
            FailSettles ? throw new IOException("store down") : _inner.TryDeleteAsync(record, cancellationToken);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.PurgeExpiredAsync(now, cancellationToken);
    }
}
