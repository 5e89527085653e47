using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Notifications;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Arrival;

/// <summary>
/// The readiness checks (<c>Readiness__Checks</c>, a day and two hours before arrival by default): each reads the
/// stay's codes and locks at Seam and tells <c>credential.at_risk</c> with the reasons, or <c>credential.ready</c> at
/// the last check; one notification per check; a check missed while the app was down runs late, once. The adapter's
/// clock is moved by the test (and the receiver's with it, for the signature's window); each test has its own table.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class ReadinessCheckTests(Azurite azurite)
{
    private const string Pin = "40719236";

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ADayBeforeArrivalAnOfflineLockIsAtRiskAndTwoHoursBeforeWithEverythingSetTheStayIsReady(string store)
    {
        var (clock, starts) = Clock();
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target, Table());
        var (front, back) = (NewLock(adapter), NewLock(adapter));
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("stay-1", Stay(starts, front, back)), HttpStatusCode.Created));
        adapter.Seam.State.LockHealth[front] = new FakeLockHealth(Online: false, BatteryLevel: 0.9);
        foreach (var code in codes)
            adapter.Seam.State.AlterCode(code, c => c["status"] = "set"); // on the locks, and the adapter missed Seam's events

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromDays(1));
        var told = new[] { await target.NextAsync(), await target.NextAsync(), await target.NextAsync() };
        adapter.Seam.State.LockHealth[front] = new FakeLockHealth(Online: true, BatteryLevel: 0.9);
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        var ready = await target.NextAsync();
        var read = await CredentialAsync(adapter, "stay-1");
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(1));
        var next = await MarkerAsync(adapter, clock, target);

        Assert.Equal(["credential.issued", "credential.issued", "credential.at_risk"], told.Select(d => (string?)d.Body["type"])); // the missed set_on_device first
        Assert.Equal([("lock_offline", front)], Reasons(told[2].Body["data"]!));
        Assert.Equal("1.00:00:00", (string?)told[2].Body["data"]!["check"]);
        Assert.True(told[2].SignatureValid);
        Assert.DoesNotContain(Pin, told[2].Text);
        Assert.Equal("credential.ready", (string?)ready.Body["type"]);
        Assert.Equal("02:00:00", (string?)ready.Body["data"]!["check"]);
        Assert.DoesNotContain(Pin, ready.Text);
        Assert.True((bool)read["readiness"]!["ready"]!);
        Assert.Equal(Iso(starts - TimeSpan.FromHours(2), ".fff"), (string?)read["readiness"]!["checked_at"]);
        Assert.Equal([("set", true, 0.9), ("set", true, 1.0)], read["access_codes"]!.AsArray().Select(c => ((string?)c!["status"], (bool)c["online"]!, (double)c["battery_level"]!))); // as read at the check
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]); // no check ran twice
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ALowBatteryACodeDeletedAtSeamAndACodeNotYetOnTheLockAreEachAReasonAtTheCheck(string store)
    {
        var (clock, starts) = Clock();
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target, Table());
        var (front, back, garage) = (NewLock(adapter), NewLock(adapter), NewLock(adapter));
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("stay-2", Stay(starts, front, back, garage)), HttpStatusCode.Created));
        adapter.Seam.State.AlterCode(codes[0], c => c["status"] = "set");
        adapter.Seam.State.AlterCode(codes[1], c => c["status"] = "set");
        adapter.Seam.State.LockHealth[front] = new FakeLockHealth(Online: true, BatteryLevel: 0.12);
        adapter.Seam.State.RemoveCodeForTest(codes[1]);

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        var atRisk = await NextOfTypeAsync(target, "credential.at_risk");
        var read = await CredentialAsync(adapter, "stay-2");

        Assert.Equal([("lock_low_battery", front), ("code_removed", back), ("code_not_set", garage)], Reasons(atRisk.Body["data"]!));
        Assert.Equal(0.12, (double)atRisk.Body["data"]!["reasons"]![0]!["battery_level"]!);
        Assert.Equal("02:00:00", (string?)atRisk.Body["data"]!["check"]);
        Assert.False((bool)read["readiness"]!["ready"]!);
        Assert.Equal(3, read["readiness"]!["reasons"]!.AsArray().Count);
    }

    [Fact]
    public async Task ChecksMissedWhileTheAppWasDownRunLateOnceAsTheLastOfThemAfterARestart()
    {
        var (clock, starts) = Clock();
        var table = Table();
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var seam = await FakeSeamServer.StartAsync();
        var front = "lock-" + Guid.NewGuid().ToString("N")[..12];
        seam.State.Devices[front] = "Front";
        await using (var before = await StartAsync("azurite", clock, target, table, seam))
        {
            var codes = LockStays.CodeIds(await ReadAsync(await before.PutAsync("stay-3", Stay(starts, front)), HttpStatusCode.Created));
            seam.State.AlterCode(codes[0], c => c["status"] = "set");
        }

        clock.SetUtcNow(starts - TimeSpan.FromMinutes(30)); // both checks passed while nothing ran
        await using var after = await StartAsync("azurite", clock, target, table, seam);
        await after.TickAtAsync(clock, starts - TimeSpan.FromMinutes(29));
        var told = await NextOfTypeAsync(target, "credential.ready");
        await after.TickAtAsync(clock, starts - TimeSpan.FromMinutes(28));
        var next = await MarkerAsync(after, clock, target);

        Assert.Equal("02:00:00", (string?)told.Body["data"]!["check"]);
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]); // the day's check never ran after it
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AtACheckMoreThan72HoursOutACodeScheduledWithoutErrorsIsReadyButAtTheLastCheckItMustBeSet(string store)
    {
        var (clock, starts) = Clock(TimeSpan.FromDays(6));
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target, Table(), checks: "4.00:00:00,02:00:00");
        var door = NewLock(adapter);
        await ReadAsync(await adapter.PutAsync("stay-4", Stay(starts, door)), HttpStatusCode.Created);

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromDays(4));
        var afterFarOut = await CredentialAsync(adapter, "stay-4");
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        var atRisk = await target.NextAsync();

        Assert.True((bool)afterFarOut["readiness"]!["ready"]!); // "setting", no errors: Seam programs it later
        Assert.Equal(Iso(starts - TimeSpan.FromDays(4), ".fff"), (string?)afterFarOut["readiness"]!["checked_at"]);
        Assert.Equal("credential.at_risk", (string?)atRisk.Body["type"]); // the first notification: none for a ready check that is not the last
        Assert.Equal("02:00:00", (string?)atRisk.Body["data"]!["check"]);
        Assert.Equal([("code_not_set", door)], Reasons(atRisk.Body["data"]!));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnAcsCredentialNotIssuedIsAtRiskWithoutALockAndAMovedStayIsCheckedForItsNewDates(string store)
    {
        var (clock, starts) = Clock();
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target, Table());
        await ReadAsync(await adapter.PutAsync("stay-5", AcsStay(starts)), HttpStatusCode.Created);
        var later = starts + TimeSpan.FromDays(7);
        var moved = await ReadAsync(await adapter.PutAsync("stay-5", AcsStay(later)), HttpStatusCode.OK); // a week on
        adapter.Seam.State.Alter((string)moved["credential"]!["acs_credential_id"]!, c => c["is_issued"] = false);

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2)); // the old dates' check: none any more
        await adapter.TickAtAsync(clock, later - TimeSpan.FromDays(1));
        var atRisk = await target.NextAsync();

        Assert.Equal("credential.at_risk", (string?)atRisk.Body["type"]);
        Assert.Equal("1.00:00:00", (string?)atRisk.Body["data"]!["check"]);
        Assert.Equal("acs_credential", (string?)atRisk.Body["data"]!["kind"]);
        Assert.Equal("code_not_set", (string?)atRisk.Body["data"]!["reasons"]![0]!["code"]);
        Assert.Null(atRisk.Body["data"]!["reasons"]![0]!["device_id"]);
        Assert.DoesNotContain("4821", atRisk.Text);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ARevokedStayAndAStayWhoseGuestHasArrivedAreNotChecked(string store)
    {
        var (clock, starts) = Clock();
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target, Table(), checks: "02:00:00");
        var (front, back) = (NewLock(adapter), NewLock(adapter));
        await ReadAsync(await adapter.PutAsync("revoked", Stay(starts, front)), HttpStatusCode.Created);
        await ReadAsync(await adapter.DeleteAsync("revoked"), HttpStatusCode.OK);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("arrived", Stay(starts, back)), HttpStatusCode.Created));
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(3)); // an early check-in
        await adapter.SeamEventAsync("lock.unlocked", back, codes[0], clock.GetUtcNow());
        var arrived = await target.NextAsync();

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        var next = await MarkerAsync(adapter, clock, target);

        Assert.Equal("guest.arrived", (string?)arrived.Body["type"]);
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]);
        Assert.Null((await CredentialAsync(adapter, "arrived"))["readiness"]);
    }

    [Fact]
    public async Task ReadinessChecksThatAreNotTimesBeforeArrivalStopTheAppAtStartUp()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await Adapter.StartAsync(new Dictionary<string, string?> { ["Readiness:Checks"] = "1.00:00:00,soon" }));

        Assert.Contains("Readiness__Checks", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A clock at a whole second (times round-trip through answers exactly), and a stay that starts <paramref name="ahead"/> later.</summary>
    private static (FakeTimeProvider Clock, DateTimeOffset Starts) Clock(TimeSpan? ahead = null)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return (new FakeTimeProvider(now), now + (ahead ?? TimeSpan.FromDays(3)));
    }

    /// <summary>A table of this test's own: the checks scan every record, and Azurite's tables outlive a test.</summary>
    private static string Table() => "Checks" + Guid.NewGuid().ToString("N")[..12];

    private async Task<Adapter> StartAsync(string store, FakeTimeProvider clock, NotifyTarget target, string table, FakeSeamServer? seam = null, string? checks = null)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(NotifyOptions.QueueName, NotifyOptions.PoisonQueueName);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Lifecycle:TableName"] = table,
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret,
            ["Notify:Url"] = target.Url.ToString(),
            ["Notify:Secret"] = NotifyTarget.Secret,
        };
        if (checks is not null)
            settings["Readiness:Checks"] = checks;
        return await Adapter.StartAsync(settings, services: s => s.AddSingleton<TimeProvider>(clock), sharedSeam: seam);
    }

    /// <summary>A stay far ahead on a lock of its own, whose lock then goes offline: its <c>credential.at_risk</c> is queued after anything told before.</summary>
    private static async Task<NotifyTarget.Delivery> MarkerAsync(Adapter adapter, FakeTimeProvider clock, NotifyTarget target)
    {
        var garage = NewLock(adapter);
        await ReadAsync(await adapter.PutAsync("marker", Stay(clock.GetUtcNow() + TimeSpan.FromDays(30), garage)), HttpStatusCode.Created);
        await adapter.SeamEventAsync("device.disconnected", garage, at: clock.GetUtcNow());
        return await target.NextAsync();
    }

    private static async Task<JsonObject> CredentialAsync(Adapter adapter, string reference) =>
        (JsonObject)(await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK))["credential"]!;

    /// <summary>The next delivery of <paramref name="type"/>, past others (a code's <c>credential.issued</c>).</summary>
    private static async Task<NotifyTarget.Delivery> NextOfTypeAsync(NotifyTarget target, string type)
    {
        while (true)
        {
            var delivery = await target.NextAsync();
            if ((string?)delivery.Body["type"] == type)
                return delivery;
        }
    }

    private static JsonObject Stay(DateTimeOffset starts, params string[] devices) =>
        LockStays.Stay(Pin, devices, starts: Iso(starts), ends: Iso(starts + TimeSpan.FromDays(2)));

    private static JsonObject AcsStay(DateTimeOffset starts) => ByReference.Stay("4821", starts: Iso(starts), ends: Iso(starts + TimeSpan.FromDays(2)));

}
