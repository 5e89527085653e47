using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeamFunctions.FakeSeam;
using SeamFunctions.Intake;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Intake;

/// <summary>
/// Nothing lost while Seam is down or busy: a signed delivery Seam cannot take is queued (202 + Location), a function-key
/// request may ask for that (<c>Prefer: respond-async</c>), and the queue runs each command once when Seam is back —
/// through the DevServer with the memory queue and with Azurite's.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class QueuedCommandTests(Azurite azurite)
{
    private const string FastRetries = "00:00:00.2,00:00:00.2,00:00:00.2,00:00:00.2,00:00:00.2";
    private static readonly FakeSeamFault.Status Down = new(503, "service_unavailable", "Seam is down for maintenance");

    private async Task<(PmsProfile Profile, Adapter Adapter)> LodgifyAsync(string store, StubKeyVault vault, NotifyTarget? target = null, params (string, string?)[] more)
    {
        await ClearAsync(store);
        var profile = await PmsProfile.LoadAsync("lodgify", "settings-locks.json");
        vault.Secrets["notify-secret"] = NotifyTarget.Secret;
        var settings = new List<(string, string?)>
        {
            ("AzureWebJobsStorage", store == "azurite" ? azurite.ConnectionString : null), ("Intake:RetryDelays", FastRetries),
            ("Idempotency:ReconcileAfter", "00:00:00"),
            ("Notify:Url", target?.Url.ToString()),
        };
        settings.AddRange(more);
        return (profile, await profile.StartAsync(vault, [.. settings]));
    }

    private async Task<Adapter> CallerAsync(string store, params (string Key, string? Value)[] more)
    {
        await ClearAsync(store);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null, ["Intake:RetryDelays"] = FastRetries,
            ["Idempotency:ReconcileAfter"] = "00:00:00",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return await Adapter.StartAsync(settings);
    }

    /// <summary>What an earlier test left in Azurite's queues is not this one's.</summary>
    private async Task ClearAsync(string store)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(IntakeOptions.QueueName, IntakeOptions.QueueName + "-poison");
    }

    private static string Booking(string sample, long id) => sample.Replace("3312045", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> GetAsync(Adapter adapter, string url)
    {
        var response = await adapter.Http.GetAsync(url);
        return (response.StatusCode, await Adapter.ReadJsonAsync(response), response);
    }

    /// <summary>Polls <paramref name="url"/> as Logic Apps does: until it answers something other than 202.</summary>
    private static Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PolledAsync(Adapter adapter, string url) =>
        Eventually.ValueAsync(() => GetAsync(adapter, url), r => r.Status != HttpStatusCode.Accepted, seconds: 30);

    private static IReadOnlyList<string> CodesOf(Adapter adapter, string name) =>
        [.. adapter.Seam.State.AccessCodes.Where(c => (string?)c["name"] == name).Select(c => (string)c["device_id"]!).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task WhileSeamIsDownDeliveriesAre202AndWhenItIsBackEachPinIsCreatedOnceAndTold(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        using var vault = new StubKeyVault();
        var (profile, adapter) = await LodgifyAsync(store, vault, target);
        await using var _ = adapter;
        var sample = await profile.SampleAsync("created.json");
        adapter.Seam.State.Outage = Down;

        var answers = new List<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)>();
        foreach (var id in new long[] { 4100, 4101, 4102 })
        {
            using var request = profile.Delivery(Booking(sample, id));
            var response = await adapter.Http.SendAsync(request);
            answers.Add((response.StatusCode, await Adapter.ReadJsonAsync(response), response));
        }

        var whileDown = await GetAsync(adapter, "api/credentials/4100?source=lodgify");
        adapter.Seam.State.Outage = null;
        var landed = await PolledAsync(adapter, "api/credentials/4100?source=lodgify");
        var told = new[] { await target.NextAsync(), await target.NextAsync(), await target.NextAsync() };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.All(answers, a => Assert.True((bool)a.Body["queued"]!));
        Assert.Equal(new Uri(adapter.Http.BaseAddress!, "api/credentials/4100?source=lodgify"), answers[0].Response.Headers.Location);
        Assert.NotNull(answers[0].Response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, whileDown.Status);
        Assert.Equal("upstream_unavailable", (string?)whileDown.Body["last_error"]!["code"]);
        Assert.True((int)whileDown.Body["attempts"]! >= 1);
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal("access_code", (string?)landed.Body["credential"]!["kind"]);
        await Eventually.ValueAsync(() => Task.FromResult(CodesOf(adapter, "4102")), c => c.Count == 2);
        foreach (var id in (string[])["4100", "4101", "4102"])
            Assert.Equal(new[] { LockStays.Front, LockStays.Back }.Order(StringComparer.Ordinal), CodesOf(adapter, id)); // once per door, no more
        Assert.Equal(["4100", "4101", "4102"], told.Select(t => (string)t.Body["data"]!["reference"]!).Order(StringComparer.Ordinal));
        Assert.All(told, t => Assert.Equal("credential.created", (string?)t.Body["type"]));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACancellationQueuedBehindItsBookingLeavesNoPinAndIsToldOnce(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        using var vault = new StubKeyVault();
        var (profile, adapter) = await LodgifyAsync(store, vault, target);
        await using var _ = adapter;
        adapter.Seam.State.Outage = Down;

        var booked = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("created.json"), 4200)));
        var cancelled = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("cancelled.json"), 4200)));
        adapter.Seam.State.Outage = null;
        var told = await target.NextAsync();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (booked.Status, cancelled.Status));
        Assert.Equal(("credential.revoked", "4200"), ((string?)told.Body["type"], (string?)told.Body["data"]!["reference"]));
        Assert.Empty(adapter.Seam.State.AccessCodes);
        Assert.False(await target.AnyMoreAsync(seconds: 1)); // the superseded booking is never told as created
    }

    [Fact]
    public async Task AMessageRunTwiceAtOnceCreatesOnce()
    {
        await using var adapter = await CallerAsync("memory");
        adapter.Seam.State.Outage = Down;
        var queued = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/twice-1", LockStays.Stay("836104"), respondAsync: true);
        var row = await adapter.Services.GetRequiredService<IQueuedCommandStore>().GetAsync("anonymous", QueuedCommand.KeyOf("twice-1"), CancellationToken.None);
        adapter.Seam.State.Outage = null;

        var processor = adapter.Services.GetRequiredService<IntakeProcessor>();
        var message = new QueuedCommandMessage(row!.Scope, row.Key, row.Sequence);
        await Task.WhenAll(processor.ProcessAsync(message, CancellationToken.None), processor.ProcessAsync(message, CancellationToken.None));
        var landed = await PolledAsync(adapter, "api/credentials/twice-1");

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal(2, adapter.Seam.State.AccessCodes.Count(c => (string?)c["code"] == "836104")); // one per door
    }

    [Fact]
    public async Task AnInstanceKilledWhileRunningACommandLeavesItToAnotherThatCompletesItOnce()
    {
        await ClearAsync("azurite");
        await using var seam = await FakeSeamServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Queues:Hidden"] = "00:00:02", ["Seam:Timeout"] = "00:00:02",
            ["Idempotency:ReconcileAfter"] = "00:00:00", ["Intake:RetryDelays"] = "00:00:01,00:00:01,00:00:01,00:00:01,00:00:01",
        };
        var gate = new FakeSeamFault.Gate();
        seam.State.EnqueueFault("access_codes/create", gate);
        var first = await Adapter.StartAsync(settings, sharedSeam: seam);
        var queued = await first.SendJsonAsync(HttpMethod.Put, "api/credentials/killed-1", LockStays.Stay("519362"), respondAsync: true);
        await gate.Arrived.WaitAsync(TimeSpan.FromSeconds(20)); // the first instance is inside Seam's create
        await first.DisposeAsync(); // and dies there, its message not completed
        gate.Open(); // Seam finishes the create it was given

        await using var second = await Adapter.StartAsync(settings, sharedSeam: seam);
        var landed = await PolledAsync(second, "api/credentials/killed-1");

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal(new[] { LockStays.Front, LockStays.Back }.Order(StringComparer.Ordinal),
            seam.State.AccessCodes.Where(c => (string?)c["code"] == "519362").Select(c => (string)c["device_id"]!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task PreferRespondAsyncQueuesEachFunctionKeyRouteAndGetPollsUntilItRan(string method)
    {
        await using var adapter = await CallerAsync("memory");
        if (method == "DELETE")
            await ReadAsync(await adapter.PutAsync("async-1", LockStays.Stay("702915")), HttpStatusCode.Created);
        var gate = new FakeSeamFault.Gate();
        adapter.Seam.State.EnqueueFault(method == "DELETE" ? "access_codes/delete" : "access_codes/create", gate);
        var body = LockStays.Stay("702915");
        body["reference"] = "async-1";

        using var queued = method switch
        {
            "POST" => await adapter.SendJsonAsync(HttpMethod.Post, "api/credentials", body, respondAsync: true),
            "PUT" => await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/async-1", LockStays.Stay("702915"), respondAsync: true),
            _ => await adapter.SendJsonAsync(HttpMethod.Delete, "api/credentials/async-1", null, respondAsync: true),
        };
        await gate.Arrived.WaitAsync(TimeSpan.FromSeconds(20));
        var whileRunning = await GetAsync(adapter, "api/credentials/async-1");
        gate.Open();
        var ran = await PolledAsync(adapter, "api/credentials/async-1");

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal("respond-async", queued.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(new Uri(adapter.Http.BaseAddress!, "api/credentials/async-1"), queued.Headers.Location);
        Assert.Equal(HttpStatusCode.Accepted, whileRunning.Status);
        Assert.Equal(new Uri(adapter.Http.BaseAddress!, "api/credentials/async-1"), whileRunning.Response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, ran.Status);
        Assert.Equal(method == "DELETE" ? "revoked" : "pending", (string?)ran.Body["credential"]!["status"]);
        Assert.Equal(method == "DELETE" ? 0 : 2, adapter.Seam.State.AccessCodes.Count);
    }

    [Fact]
    public async Task WhenTheQueueCannotTakeACommandTheCallerGets503AndNothingClaimsToBeQueued()
    {
        await using var adapter = await Adapter.StartAsync(services: s => s.AddSingleton<SeamFunctions.Queues.IMessageQueue<QueuedCommandMessage>>(new BrokenQueue()));

        using var refused = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/unqueued-1", LockStays.Stay("284619"), respondAsync: true);
        var read = await GetAsync(adapter, "api/credentials/unqueued-1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "credential_not_found"), (read.Status, (string?)read.Body["code"]));
        Assert.Empty(adapter.Seam.State.AccessCodes);
    }

    /// <summary>The storage queue refusing every message (an outage of the queue service).</summary>
    private sealed class BrokenQueue : SeamFunctions.Queues.IMessageQueue<QueuedCommandMessage>
    {
        public string Name => "broken";

        public Task EnqueueAsync(QueuedCommandMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
            throw new Azure.RequestFailedException(503, "The queue service is unavailable.");

        public Task PoisonAsync(QueuedCommandMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<SeamFunctions.Queues.Received<QueuedCommandMessage>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            await Task.Delay(wait, cancellationToken);
            return null;
        }

        public Task CompleteAsync(SeamFunctions.Queues.Received<QueuedCommandMessage> received, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<QueuedCommandMessage>> PeekPoisonedAsync(int max, Func<QueuedCommandMessage, bool> which, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<QueuedCommandMessage>>([]);

        public Task<IReadOnlyList<QueuedCommandMessage>> ReplayPoisonedAsync(int max, Func<QueuedCommandMessage, bool> which, Func<QueuedCommandMessage, QueuedCommandMessage> again, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<QueuedCommandMessage>>([]);
    }

    [Fact]
    public async Task ARevokeNowOfAReferenceWhoseCreateIsStillQueuedWithdrawsItAndAnswersRevoked()
    {
        await using var adapter = await CallerAsync("memory");
        await adapter.Services.GetRequiredService<ISeamBackoff>().HoldAsync(DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None); // Seam said wait

        using var queued = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/withdrawn-1", LockStays.Stay("468203"), respondAsync: true);
        using var revoked = await adapter.DeleteAsync("withdrawn-1");
        var body = await Adapter.ReadJsonAsync(revoked);
        var row = await adapter.Services.GetRequiredService<IQueuedCommandStore>().GetAsync("anonymous", QueuedCommand.KeyOf("withdrawn-1"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "revoked"), (revoked.StatusCode, (string?)body["status"]));
        Assert.Null(row); // the queued create will never run
        Assert.DoesNotContain(adapter.Seam.State.Exchanges, e => e.Path.StartsWith("/access_codes/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APostWithoutAReferenceCannotBePolledSoItIsAnsweredNow()
    {
        await using var adapter = await CallerAsync("memory");

        using var answered = await adapter.SendJsonAsync(HttpMethod.Post, "api/credentials", LockStays.Stay("640281"), respondAsync: true);

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Null(answered.Headers.Location);
    }

    [Fact]
    public async Task ACommandStillFailingAtTheStaysEndFailsForGoodWithItsProblemANotificationAndAnError()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await CallerAsync("memory", ("Notify:Url", target.Url.ToString()), ("Notify:Secret", NotifyTarget.Secret));
        adapter.Seam.State.Outage = Down;
        var now = DateTimeOffset.UtcNow;
        var shortStay = LockStays.Stay("391746", starts: Iso(now.AddHours(-1)), ends: Iso(now.AddSeconds(3)));

        using var queued = await adapter.SendJsonAsync(HttpMethod.Put, "api/credentials/expiring-1", shortStay, respondAsync: true);
        var final = await PolledAsync(adapter, "api/credentials/expiring-1");
        var told = await target.NextAsync();

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal((HttpStatusCode.BadGateway, "upstream_unavailable"), (final.Status, (string?)final.Body["code"])); // Seam's 503, as a sync call answers it
        Assert.Equal(("credential.failed", "expiring-1"), ((string?)told.Body["type"], (string?)told.Body["data"]!["reference"]));
        Assert.Contains(adapter.Logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("expiring-1", StringComparison.Ordinal));
        Assert.DoesNotContain("391746", adapter.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABurstWhileSeamRateLimitsDrainsAtItsPaceWithEveryDelivery2xxAndEveryPinOnce()
    {
        using var vault = new StubKeyVault();
        var (profile, adapter) = await LodgifyAsync("memory", vault);
        await using var _ = adapter;
        adapter.Seam.State.CreatesPerSecond = 10;
        var sample = await profile.SampleAsync("created.json");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => adapter.SendAsync(profile.Delivery(Booking(sample, 5000 + i)))));
        await Eventually.ValueAsync(() => Task.FromResult(adapter.Seam.State.AccessCodes.Count), n => n == 40, seconds: 30);

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.Accepted, a.Status.ToString()));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(2, CodesOf(adapter, (5000 + i).ToString(CultureInfo.InvariantCulture)).Count));
        var limited = adapter.Seam.State.Exchanges.Count(e => e.Status == 429);
        Assert.True(limited < 40, $"{limited} answers of 429 for 40 creates: one 429 became a storm of retries");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
