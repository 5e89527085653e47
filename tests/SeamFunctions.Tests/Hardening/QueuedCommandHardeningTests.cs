using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Intake;
using SeamFunctions.Queues;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Hardening;

/// <summary>
/// Queued commands keep their promises: Seam's <c>Retry-After</c> counts as an HTTP date too, a command is tried
/// until <c>Intake__MaxAge</c> (the last run at the deadline itself), and a synchronous DELETE while a queued create
/// waits to be reconciled takes its place instead of answering 409. The adapter's clock moves when the test moves it.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class QueuedCommandHardeningTests(Azurite azurite)
{
    private static readonly FakeSeamFault.Status Down = new(503, "service_unavailable", "Seam is down for maintenance");

    private Task<Adapter> CallerAsync(string store, TimeProvider? clock, params (string Key, string? Value)[] more) => CallerAsync(store, clock, null, more);

    private async Task<Adapter> CallerAsync(string store, TimeProvider? clock, Action<IServiceCollection>? services, params (string Key, string? Value)[] more)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(IntakeOptions.QueueName, IntakeOptions.QueueName + "-poison");
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null };
        foreach (var (key, value) in more)
            settings[key] = value;
        return await Adapter.StartAsync(settings, services: s =>
        {
            if (clock is not null)
                s.AddSingleton(clock);
            services?.Invoke(s);
        });
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task SeamsRetryAfterGivenAsAnHttpDateHoldsTheQueuedCommandAndEveryOtherThatLong(string store)
    {
        await using var adapter = await CallerAsync(store, clock: null, ("Intake:RetryDelays", "00:00:01"));
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Status(429, "rate_limit_exceeded", "Too many requests", until.ToString("R", CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Accepted, (await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/date-1", LockStays.Stay("60221"), respondAsync: true)).StatusCode);
        var waiting = await AttemptsAsync(adapter, "date-1", 1);
        var next = DateTimeOffset.Parse((string)waiting.Body["next_attempt_at"]!, CultureInfo.InvariantCulture);
        var other = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/date-2", LockStays.Stay("60222"), respondAsync: true);

        await LiftSeamsHoldAsync(adapter, store); // Azurite's hold row outlives this adapter: the next test must not wait it out

        Assert.Equal(HttpStatusCode.Accepted, waiting.Status);
        Assert.InRange(next, until.AddSeconds(-2), until.AddSeconds(2)); // not one second later, as Intake__RetryDelays says
        Assert.InRange(int.Parse(other.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 15, 21); // the shared hold
    }

    [Fact]
    public async Task AQueuedCommandIsTriedUntilMaxAgeAndLandsWhenSeamIsBackBeforeTheLastRun()
    {
        var clock = new FakeTimeProvider(WholeSecond());
        await using var adapter = await CallerAsync("memory", clock, ("Intake:MaxAge", "00:01:00"), ("Intake:RetryDelays", "00:00:10,00:00:20"), ("Idempotency:ReconcileAfter", "00:00:00"));
        adapter.Seam.State.Outage = Down;
        var queuedAt = clock.GetUtcNow();

        await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/max-age-1", LockStays.Stay("60231"), respondAsync: true);
        await AttemptsAsync(adapter, "max-age-1", 1);
        clock.Advance(TimeSpan.FromSeconds(10));
        await AttemptsAsync(adapter, "max-age-1", 2);
        clock.Advance(TimeSpan.FromSeconds(20));
        var third = await AttemptsAsync(adapter, "max-age-1", 3); // after the list, hourly: past MaxAge, so the last wait ends at MaxAge
        adapter.Seam.State.Outage = null;
        clock.Advance(TimeSpan.FromSeconds(30));
        var landed = await Eventually.ValueAsync(() => GetAsync(adapter, "max-age-1"), r => r.Status != HttpStatusCode.Accepted);

        Assert.Equal(HttpStatusCode.Accepted, third.Status);
        Assert.Equal(queuedAt.AddMinutes(1), DateTimeOffset.Parse((string)third.Body["next_attempt_at"]!, CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal(2, adapter.Seam.State.AccessCodes.Count(c => (string?)c["code"] == "60231")); // one per door, once
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ADeleteWhileAQueuedCreateWaitsToBeReconciledTakesItsPlaceAndNoPinIsLeft(string store)
    {
        var clock = new FakeTimeProvider(WholeSecond());
        await using var adapter = await CallerAsync(store, clock, ("Idempotency:ReconcileAfter", "00:00:02"), ("Intake:RetryDelays", "00:00:30"));
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Reset(CreateFirst: true)); // made at Seam, its answer lost

        await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/cancel-1", LockStays.Stay("60241", [LockStays.Front]), respondAsync: true);
        await AttemptsAsync(adapter, "cancel-1", 1); // ran once, ambiguous: the reference waits 2 s before it is reconciled
        var deleted = await adapter.SendJsonAsync(HttpMethod.Delete, "api/credentials/cancel-1", body: null, respondAsync: false);
        var polled = await GetAsync(adapter, "cancel-1");
        clock.Advance(TimeSpan.FromSeconds(3));
        var revoked = await Eventually.ValueAsync(() => GetAsync(adapter, "cancel-1"), r => r.Status != HttpStatusCode.Accepted);

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(new Uri(adapter.Http.BaseAddress!, "api/credentials/cancel-1"), deleted.Headers.Location);
        Assert.Equal(HttpStatusCode.Accepted, polled.Status);
        Assert.Equal(1, (int)polled.Body["attempts"]!);
        Assert.Equal("idempotency_in_progress", (string?)polled.Body["last_error"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal("revoked", (string?)revoked.Body["credential"]!["status"]);
        Assert.DoesNotContain(adapter.Seam.State.AccessCodes, c => (string?)c["code"] == "60241");
    }

    /// <summary>Seam's shared "wait" lifted (its row deleted, when it is in Azurite's table).</summary>
    private async Task LiftSeamsHoldAsync(Adapter adapter, string store)
    {
        if (store != "azurite")
            return;
        var name = adapter.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SeamFunctions.Lifecycle.LifecycleOptions>>().Value.TableName;
        await new Azure.Data.Tables.TableClient(azurite.ConnectionString, name).DeleteEntityAsync("seam-backoff", "workspace");
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AQueuedCommandWhoseMessageTheHostPoisonedIsGivenANewOneAndRunsOnce(string store)
    {
        var clock = new FakeTimeProvider(WholeSecond());
        IMessageQueue<QueuedCommandMessage> queue = store == "memory"
            ? new MemoryMessageQueue<QueuedCommandMessage>(clock)
            : new StorageMessageQueue<QueuedCommandMessage>(
                new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 }),
                IntakeOptions.QueueName, QueuedCommandJsonContext.Default.QueuedCommandMessage, TimeSpan.FromMinutes(5));
        var poisoning = new FirstMessageLost(queue);
        await using var adapter = await CallerAsync(store, clock, s => s.AddSingleton<IMessageQueue<QueuedCommandMessage>>(poisoning));

        await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/poisoned-1", LockStays.Stay("60251"), respondAsync: true);
        var stuck = await GetAsync(adapter, "poisoned-1");
        clock.Advance(QueuedCommandRedrive.Overdue + TimeSpan.FromMinutes(1)); // the sweep runs each minute
        var ran = await Eventually.ValueAsync(() => GetAsync(adapter, "poisoned-1"), r => r.Status != HttpStatusCode.Accepted);

        Assert.Equal((HttpStatusCode.Accepted, 0), (stuck.Status, (int)stuck.Body["attempts"]!)); // its message is gone
        Assert.Equal(HttpStatusCode.OK, ran.Status);
        Assert.Equal(2, adapter.Seam.State.AccessCodes.Count(c => (string?)c["code"] == "60251")); // one per door, once
        Assert.Contains(adapter.Logs.Collector.GetSnapshot(), r => r.Id.Name == "QueuedCommandRedriven" && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    /// <summary>The host's side of a poisoned message, as the row sees it: the first command message never reaches a receiver.</summary>
    private sealed class FirstMessageLost(IMessageQueue<QueuedCommandMessage> inner) : IMessageQueue<QueuedCommandMessage>
    {
        private int _sent;

        public string Name => inner.Name;

        public Task EnqueueAsync(QueuedCommandMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _sent) == 1 ? Task.CompletedTask : inner.EnqueueAsync(message, delay, cancellationToken);

        public Task PoisonAsync(QueuedCommandMessage message, CancellationToken cancellationToken) => inner.PoisonAsync(message, cancellationToken);

        public Task<Received<QueuedCommandMessage>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken) => inner.ReceiveAsync(wait, cancellationToken);

        public Task CompleteAsync(Received<QueuedCommandMessage> received, CancellationToken cancellationToken) => inner.CompleteAsync(received, cancellationToken);

        public Task<IReadOnlyList<QueuedCommandMessage>> PeekPoisonedAsync(int max, Func<QueuedCommandMessage, bool> which, CancellationToken cancellationToken) =>
            inner.PeekPoisonedAsync(max, which, cancellationToken);

        public Task<IReadOnlyList<QueuedCommandMessage>> ReplayPoisonedAsync(int max, Func<QueuedCommandMessage, bool> which, Func<QueuedCommandMessage, QueuedCommandMessage> again, CancellationToken cancellationToken) =>
            inner.ReplayPoisonedAsync(max, which, again, cancellationToken);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(Adapter adapter, string reference)
    {
        using var response = await adapter.Http.GetAsync($"api/credentials/{reference}");
        return (response.StatusCode, await Adapter.ReadJsonAsync(response));
    }

    /// <summary>GET until the queued command has run <paramref name="attempts"/> times, or is no longer queued.</summary>
    private static Task<(HttpStatusCode Status, JsonObject Body)> AttemptsAsync(Adapter adapter, string reference, int attempts) =>
        Eventually.ValueAsync(() => GetAsync(adapter, reference), r => r.Status != HttpStatusCode.Accepted || (int?)r.Body["attempts"] >= attempts);

    /// <summary>Now, to the second: answers write times to the millisecond.</summary>
    private static DateTimeOffset WholeSecond() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

}
