using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeamFunctions.FakeSeam;
using SeamFunctions.Notifications;
using SeamFunctions.Queues;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Events;

/// <summary>
/// The caller told: Seam's events (and the poll that catches missed ones) become signed notifications, queued
/// durably (in memory, and in Azurite's queue service) and retried until the caller's target takes them, or
/// poisoned; a lock that failed to set the code gets a backup code when Seam has one.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class NotificationTests(Azurite azurite)
{
    private const string SeamSecret = "whsec_c2VhbS1ldmVudHMtc2lnbmluZy1zZWNyZXQ=";
    private const string Pin = "73914826";
    private const string FastRetries = "00:00:00.1,00:00:00.1,00:00:00.1,00:00:00.1,00:00:00.1";

    private async Task<Adapter> StartAsync(string store, NotifyTarget target, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Seam:WebhookSecret"] = SeamSecret,
            ["Notify:Url"] = target.Url.ToString(),
            ["Notify:Secret"] = NotifyTarget.Secret,
            ["Notify:RetryDelays"] = FastRetries,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
            settings[key] = value;
        if (store == "azurite")
        {
            foreach (var name in (string[])[NotifyOptions.QueueName, NotifyOptions.PoisonQueueName])
            {
                var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient(name);
                await queue.CreateIfNotExistsAsync();
                await queue.ClearMessagesAsync(); // what an earlier test left is not this one's
            }
        }

        return await Adapter.StartAsync(settings);
    }

    private static string Event(string type, string accessCodeId, string at = "2030-01-01T12:00:00Z") => new JsonObject
    {
        ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = at,
        ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(), ["access_code_id"] = accessCodeId, ["device_id"] = LockStays.Back,
    }.ToJsonString();

    private static async Task<IReadOnlyList<string>> StayAsync(Adapter adapter, string reference, JsonObject? stay = null) =>
        LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, stay ?? LockStays.Stay(Pin)), HttpStatusCode.Created));

    private async Task<IReadOnlyList<QueuedNotification>> PoisonedAsync(Adapter adapter, string store)
    {
        if (store == "memory")
            return ((MemoryMessageQueue<QueuedNotification>)adapter.Services.GetRequiredService<IMessageQueue<QueuedNotification>>()).Poisoned;
        var poison = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(NotifyOptions.PoisonQueueName);
        return [.. (await poison.PeekMessagesAsync(32)).Value.Select(m => QueuedNotification.FromJson(m.MessageText)!)];
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ALockThatFailedToSetThePinIsToldToTheCallerSignedAndWithoutThePin(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var codes = await StayAsync(adapter, "booking-1042");

        var answer = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[1]), SeamSecret));
        var told = await target.NextAsync();

        Assert.Equal((HttpStatusCode.OK, false), (answer.Status, (bool)answer.Body["ignored"]!));
        Assert.True(told.SignatureValid);
        Assert.Equal("credential.failed", (string?)told.Body["type"]);
        var data = told.Body["data"]!;
        Assert.Equal(("booking-1042", "access_code", "failed"), ((string?)data["reference"], (string?)data["kind"], (string?)data["status"]));
        Assert.Equal((LockStays.Back, codes[1]), ((string?)data["device_id"], (string?)data["access_code_id"]));
        Assert.Equal("failed_to_set_on_device", (string?)data["errors"]![0]!["code"]);
        Assert.Equal(("access_code.failed_to_set_on_device", "2030-01-01T12:00:00.000Z"), ((string?)data["event_type"], (string?)data["occurred_at"]));
        Assert.DoesNotContain(Pin, told.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Pin, adapter.AllLogText(), StringComparison.Ordinal);
        Assert.DoesNotContain(NotifyTarget.Secret[6..], adapter.AllLogText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ATargetThatFailsThreeTimesGetsTheNotificationOnceItIsBackWithOneWebhookId(string store)
    {
        await using var target = await NotifyTarget.StartAsync(500, 503, 404);
        await using var adapter = await StartAsync(store, target);
        var codes = await StayAsync(adapter, "booking-2001");

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[0]), SeamSecret));
        var attempts = new List<NotifyTarget.Delivery>();
        for (var i = 0; i < 4; i++)
            attempts.Add(await target.NextAsync());

        Assert.Equal([500, 503, 404, 200], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.Single(attempts.Select(a => a.Text).Distinct()); // the same notification each time
        Assert.False(await target.AnyMoreAsync(seconds: 2.5)); // taken: never sent again
        Assert.Empty(await PoisonedAsync(adapter, store));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ATargetDownPastEveryDelayLeavesTheNotificationInThePoisonQueueAndAnErrorNamingTheReference(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        target.Down = 503;
        await using var adapter = await StartAsync(store, target, new Dictionary<string, string?> { ["Notify:RetryDelays"] = "00:00:00.1,00:00:00.1" });
        var codes = await StayAsync(adapter, "booking-3003");

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[0]), SeamSecret));
        for (var i = 0; i < 3; i++)
            await target.NextAsync();
        var poisoned = await Eventually.ValueAsync(() => PoisonedAsync(adapter, store), p => p.Count == 1);

        var errorNamingIt = await Eventually.ValueAsync(() => Task.FromResult(adapter.Logs.Collector.GetSnapshot()
            .Any(r => r.Level == LogLevel.Error && r.Message.Contains("booking-3003", StringComparison.Ordinal))), found => found); // logged once it is in the poison queue

        Assert.Equal(("booking-3003", "credential.issued"), (poisoned[0].Reference, poisoned[0].Type));
        Assert.True(errorNamingIt);
        Assert.False(await target.AnyMoreAsync(seconds: 1.5));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AMissedEventIsCaughtByThePollAndToldAsIfItHadArrived(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target, new Dictionary<string, string?> { ["Notify:PollInterval"] = "00:00:00.2" });
        var soon = DateTimeOffset.UtcNow.AddHours(3);
        var stay = LockStays.Stay(Pin, starts: Iso(soon), ends: Iso(soon.AddDays(2)));
        var later = LockStays.Stay("58203917", starts: Iso(soon.AddDays(5)), ends: Iso(soon.AddDays(7)));
        var codes = await StayAsync(adapter, "booking-4004", stay);
        var notYet = await StayAsync(adapter, "booking-4005", later);

        foreach (var id in codes.Concat(notYet))
            adapter.Seam.State.AlterCode(id, c => c["status"] = "set"); // on the locks, and no event told us
        var first = await target.NextAsync();
        var second = await target.NextAsync();
        var read = await ReadAsync(await adapter.Http.GetAsync("api/credentials/booking-4004"), HttpStatusCode.OK);

        Assert.Equal(["credential.issued", "credential.issued"], new[] { first, second }.Select(d => (string?)d.Body["type"]));
        Assert.Equal(codes.Order(), new[] { first, second }.Select(d => (string)d.Body["data"]!["access_code_id"]!).Order());
        Assert.Equal("issued", (string?)read["credential"]!["status"]);
        Assert.Equal("access_code.set_on_device", (string?)read["credential"]!["access_codes"]![0]!["last_event"]!["event_type"]);
        Assert.False(await target.AnyMoreAsync(seconds: 1)); // the stay five days out is not read yet, nor told twice
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AFailedLockWithBackupCodesEndsWithAWorkingCodeThatMovesAndIsRevokedWithTheStay(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target, new Dictionary<string, string?> { ["Locks:BackupCodes"] = "true" });
        var codes = await StayAsync(adapter, "booking-5005");

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[1]), SeamSecret));
        var told = await target.NextAsync();
        var backupPin = (string)told.Body["data"]!["code"]!;
        var backupId = (string)told.Body["data"]!["access_code_id"]!;
        var read = await ReadAsync(await adapter.Http.GetAsync("api/credentials/booking-5005"), HttpStatusCode.OK);

        Assert.Equal("credential.code_changed", (string?)told.Body["type"]);
        Assert.Equal((LockStays.Back, codes[1]), ((string?)told.Body["data"]!["device_id"], (string?)told.Body["data"]!["replaced_access_code_id"]));
        Assert.NotEqual(Pin, backupPin);
        Assert.Equal((backupId, backupPin), ((string?)read["credential"]!["access_codes"]![1]!["access_code_id"], (string?)read["credential"]!["access_codes"]![1]!["code"]));
        Assert.Equal([(LockStays.Front, Pin), (LockStays.Back, backupPin)], LockStays.Held(adapter).Select(h => (h.Device, h.Code)).Order());
        Assert.DoesNotContain(backupPin, adapter.AllLogText(), StringComparison.Ordinal);

        var moved = await adapter.PutAsync("booking-5005", LockStays.Stay(Pin, ends: "2030-01-04T11:00:00Z"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal([(LockStays.Front, Pin), (LockStays.Back, backupPin)], LockStays.Held(adapter).Select(h => (h.Device, h.Code)).Order());
        Assert.All(adapter.Seam.State.AccessCodes, c => Assert.Equal(DateTimeOffset.Parse("2030-01-04T11:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)c["ends_at"]!, CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, (await adapter.DeleteAsync("booking-5005")).StatusCode);
        Assert.Empty(adapter.Seam.State.AccessCodes); // no PIN left behind, the backup included
    }

    [Fact]
    public async Task AnEventWhoseNotificationCouldNotBeQueuedIsAnswered503AndSeamsResendQueuesItOnce()
    {
        await using var target = await NotifyTarget.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Seam:WebhookSecret"] = SeamSecret, ["Notify:Url"] = target.Url.ToString(), ["Notify:Secret"] = NotifyTarget.Secret,
        };
        await using var adapter = await Adapter.StartAsync(settings, services: s => s.AddSingleton<IMessageQueue<QueuedNotification>>(p =>
            new QueueThatFailsOnce(new MemoryMessageQueue<QueuedNotification>(TimeProvider.System))));
        var codes = await StayAsync(adapter, "booking-8008");
        var json = Event("access_code.set_on_device", codes[0]);

        var first = await adapter.SendAsync(Senders.SeamEvent(json, SeamSecret, id: "msg_resent"));
        var resent = await adapter.SendAsync(Senders.SeamEvent(json, SeamSecret, id: "msg_resent"));
        var told = await target.NextAsync();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (first.Status, resent.Status));
        Assert.Equal(("credential.issued", codes[0]), ((string?)told.Body["type"], (string?)told.Body["data"]!["access_code_id"]));
        Assert.False(await target.AnyMoreAsync(seconds: 1));
    }

    /// <summary>The storage queue failing once (an outage), then the memory queue.</summary>
    private sealed class QueueThatFailsOnce(MemoryMessageQueue<QueuedNotification> inner) : IMessageQueue<QueuedNotification>
    {
        private int _failed;

        public string Name => inner.Name;

        public Task EnqueueAsync(QueuedNotification message, TimeSpan delay, CancellationToken cancellationToken) =>
            Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new Azure.RequestFailedException(503, "The queue service is unavailable.")
                : inner.EnqueueAsync(message, delay, cancellationToken);

        public Task PoisonAsync(QueuedNotification message, CancellationToken cancellationToken) => inner.PoisonAsync(message, cancellationToken);

        public Task<Received<QueuedNotification>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken) => inner.ReceiveAsync(wait, cancellationToken);

        public Task CompleteAsync(Received<QueuedNotification> received, CancellationToken cancellationToken) => inner.CompleteAsync(received, cancellationToken);

        public Task<IReadOnlyList<QueuedNotification>> PeekPoisonedAsync(int max, Func<QueuedNotification, bool> which, CancellationToken cancellationToken) =>
            inner.PeekPoisonedAsync(max, which, cancellationToken);

        public Task<IReadOnlyList<QueuedNotification>> ReplayPoisonedAsync(int max, Func<QueuedNotification, bool> which, Func<QueuedNotification, QueuedNotification> again, CancellationToken cancellationToken) =>
            inner.ReplayPoisonedAsync(max, which, again, cancellationToken);
    }

    [Fact]
    public async Task ABackupThatWouldOutliveTheStayIsGivenTheStaysTimes()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target, new Dictionary<string, string?> { ["Locks:BackupCodes"] = "true" });
        var codes = await StayAsync(adapter, "booking-5006");
        adapter.Seam.State.AlterCode(codes[1], c => c["ends_at"] = "2030-02-01T00:00:00.000Z"); // the backup takes Seam's times

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[1]), SeamSecret));
        var backupId = (string)(await target.NextAsync()).Body["data"]!["access_code_id"]!;

        var backup = adapter.Seam.State.AccessCodes.Single(c => (string?)c["access_code_id"] == backupId);
        Assert.Equal(DateTimeOffset.Parse(Ends, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)backup["ends_at"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WithoutABackupInTheLocksPoolTheFailureIsToldAndNothingIsPulled()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target, new Dictionary<string, string?> { ["Locks:BackupCodes"] = "true" });
        var codes = await StayAsync(adapter, "booking-6006");
        adapter.Seam.State.AlterCode(codes[1], c => c["is_backup_access_code_available"] = false);

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[1]), SeamSecret));
        var told = await target.NextAsync();

        Assert.Equal("credential.failed", (string?)told.Body["type"]);
        Assert.DoesNotContain(adapter.Seam.State.Exchanges, e => e.Path.Contains("pull_backup", StringComparison.Ordinal));
        Assert.Equal(2, adapter.Seam.State.AccessCodes.Count);
    }

    [Fact]
    public async Task ASourcesOwnTargetHearsAboutItsBookingsWithItsOwnBackupCodesAndTheAppsTargetAboutTheRest()
    {
        await using var appTarget = await NotifyTarget.StartAsync();
        await using var sourceTarget = await NotifyTarget.StartAsync();
        using var vault = new StubKeyVault();
        vault.Secrets["notify-secret"] = NotifyTarget.Secret; // Notify__SecretName's default, read through the real SecretClient
        vault.Secrets["seam-webhook-secret"] = SeamSecret;
        var profile = await PmsProfile.LoadAsync("lodgify", "settings-locks.json");
        await using var adapter = await profile.StartAsync(vault, ("Notify:Url", appTarget.Url.ToString()),
            ("Webhooks:Sources:lodgify:Notify:Url", sourceTarget.Url.ToString()), ("Webhooks:Sources:lodgify:BackupCodes", "true"));
        var booked = await profile.SendSampleAsync(adapter, "created.json");
        var own = await StayAsync(adapter, "booking-9009");

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", LockStays.CodeIds(booked.Body)[1]), SeamSecret));
        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", own[0]), SeamSecret));
        var toSource = await sourceTarget.NextAsync();
        var toApp = await appTarget.NextAsync();

        Assert.Equal(HttpStatusCode.Created, booked.Status);
        Assert.Equal(("credential.code_changed", (string?)booked.Body["reference"]), ((string?)toSource.Body["type"], (string?)toSource.Body["data"]!["reference"]));
        Assert.Equal(("credential.issued", "booking-9009"), ((string?)toApp.Body["type"], (string?)toApp.Body["data"]!["reference"]));
        Assert.True(toSource.SignatureValid && toApp.SignatureValid);
        Assert.False(await appTarget.AnyMoreAsync(seconds: 0.5) || await sourceTarget.AnyMoreAsync(seconds: 0.5));
    }

    [Fact]
    public async Task CodesAreMadeWithTheBackupPoolOnlyWhenBackupCodesAreOn()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var without = await StartAsync("memory", target);
        await using var with = await StartAsync("memory", target, new Dictionary<string, string?> { ["Locks:BackupCodes"] = "true" });

        await StayAsync(without, "booking-7007");
        await StayAsync(with, "booking-7007");

        static bool? Pool(Adapter adapter) => adapter.Seam.State.Exchanges.Where(e => e.Path.EndsWith("access_codes/create", StringComparison.Ordinal))
            .Select(e => (bool?)JsonNode.Parse(e.RequestBody)!["use_backup_access_code_pool"]).Distinct().Single();
        Assert.Equal((null, true), (Pool(without), Pool(with)));
    }

    [Theory]
    [InlineData("http://example.com/hooks")]
    [InlineData("ftp://127.0.0.1/hooks")]
    [InlineData("not a url")]
    public async Task ANotificationUrlThatIsNotHttpsOrLoopbackStopsTheStart(string url)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Notify:Url"] = url, ["Notify:Secret"] = NotifyTarget.Secret,
        }));

        Assert.Contains("Notify__Url", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANotificationUrlWithoutASigningSecretStopsTheStart()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Adapter.StartAsync(new Dictionary<string, string?> { ["Notify:Url"] = "https://example.com/hooks" }));

        Assert.Contains("Notify__Secret", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10:15", "00:15:00", true)]
    [InlineData("10:16", "00:15:00", false)]
    [InlineData("00:00", "01:00:00", true)]
    [InlineData("10:16", "00:00:30", true)] // below a minute: every minute the trigger fires
    public void TheMinuteTimerPollsOnTheIntervalsBoundaries(string at, string interval, bool due) =>
        Assert.Equal(due, SeamFunctions.Events.PendingAccessPoller.IsDue(
            DateTimeOffset.Parse($"2030-01-01T{at}:00Z", CultureInfo.InvariantCulture), TimeSpan.Parse(interval, CultureInfo.InvariantCulture)));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
