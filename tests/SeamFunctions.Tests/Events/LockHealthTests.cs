using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Events;

/// <summary>
/// Will the guest get in: Seam's device events (a lock offline, back, its battery low) reach every stay on that
/// lock that has not ended; the caller hears <c>credential.at_risk</c> with the reasons when something is in the way
/// and <c>credential.ready</c> once nothing is and every code is set; GET shows the readiness and each lock's state.
/// A lock with only past stays, or a revoked one, changes nothing.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class LockHealthTests(Azurite azurite)
{
    private const string Pin = "40719236";

    private static Task<(HttpStatusCode Status, JsonObject Body)> EventAsync(Adapter adapter, string type, string device, string at, JsonObject? more = null, string? accessCodeId = null)
    {
        var body = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = at,
            ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(), ["device_id"] = device, ["access_code_id"] = accessCodeId,
        };
        foreach (var (name, value) in more ?? [])
            body[name] = value?.DeepClone();
        return adapter.SendAsync(Senders.SeamEvent(body.ToJsonString(), SeamEventAdapter.Secret));
    }

    private static async Task<JsonObject> CredentialAsync(Adapter adapter, string reference) =>
        (JsonObject)(await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK))["credential"]!;

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ALockOfflineDaysBeforeArrivalIsToldAsAtRiskAndItsReturnWithEveryCodeSetAsReady(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await SeamEventAdapter.StartAsync(azurite, store, target);
        var (front, back) = (NewLock(adapter), NewLock(adapter));
        var reference = "health-" + Guid.NewGuid().ToString("N")[..8];
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin, [front, back])), HttpStatusCode.Created));

        await EventAsync(adapter, "device.disconnected", front, "2029-12-29T09:00:00Z");
        var atRisk = await target.NextAsync();
        var whileOffline = await CredentialAsync(adapter, reference);
        await EventAsync(adapter, "access_code.set_on_device", front, "2029-12-29T10:00:00Z", accessCodeId: codes[0]);
        await EventAsync(adapter, "access_code.set_on_device", back, "2029-12-29T10:00:00Z", accessCodeId: codes[1]);
        await target.NextAsync(); // credential.issued, the front door
        await target.NextAsync(); // credential.issued, the back door
        await EventAsync(adapter, "device.connected", front, "2029-12-29T11:00:00Z");
        var ready = await target.NextAsync();
        var returned = await CredentialAsync(adapter, reference);

        Assert.Equal("credential.at_risk", (string?)atRisk.Body["type"]);
        Assert.Equal(reference, (string?)atRisk.Body["data"]!["reference"]);
        Assert.Equal([("lock_offline", front)], Reasons(atRisk.Body["data"]!));
        Assert.DoesNotContain(Pin, atRisk.Text);
        Assert.False((bool)whileOffline["readiness"]!["ready"]!);
        Assert.Equal([("lock_offline", front)], Reasons(whileOffline["readiness"]!));
        Assert.False((bool)whileOffline["access_codes"]![0]!["online"]!);
        Assert.Equal("credential.ready", (string?)ready.Body["type"]);
        Assert.Null(ready.Body["data"]!["reasons"]);
        Assert.True((bool)returned["readiness"]!["ready"]!);
        Assert.Equal("2029-12-29T11:00:00.000Z", (string?)returned["readiness"]!["checked_at"]);
        Assert.True((bool)returned["access_codes"]![0]!["online"]!);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ALowBatteryIsAReasonWithItsLevelAndALittleLowerAgainIsNoNews(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await SeamEventAdapter.StartAsync(azurite, store, target);
        var door = NewLock(adapter);
        var reference = "battery-" + Guid.NewGuid().ToString("N")[..8];
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin, [door])), HttpStatusCode.Created);

        await EventAsync(adapter, "device.low_battery", door, "2029-12-30T09:00:00Z", new JsonObject { ["battery_level"] = 0.12 });
        var low = await target.NextAsync();
        await EventAsync(adapter, "device.battery_status_changed", door, "2029-12-30T21:00:00Z", new JsonObject { ["battery_level"] = 0.08 });
        var read = await CredentialAsync(adapter, reference);
        await EventAsync(adapter, "device.disconnected", door, "2029-12-31T09:00:00Z"); // a new reason: news again
        var offline = await target.NextAsync();

        Assert.Equal("credential.at_risk", (string?)low.Body["type"]);
        Assert.Equal(0.12, (double)low.Body["data"]!["reasons"]![0]!["battery_level"]!);
        Assert.Equal(0.08, (double)read["access_codes"]![0]!["battery_level"]!);
        Assert.Equal(0.08, (double)read["readiness"]!["reasons"]![0]!["battery_level"]!);
        Assert.Equal("credential.at_risk", (string?)offline.Body["type"]); // the next delivery: nothing for the lower battery alone
        Assert.Equal([("lock_offline", door), ("lock_low_battery", door)], Reasons(offline.Body["data"]!));
    }

    [Fact]
    public async Task ALockWhoseStaysHaveEndedOrWereRevokedChangesNothingAndTellsNobody()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now.AddHours(-2)); // a stay may only be made to end in the future: this one ends before now
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret, ["Notify:Url"] = target.Url.ToString(), ["Notify:Secret"] = NotifyTarget.Secret,
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        await ReadAsync(await adapter.PutAsync("past-1", LockStays.Stay(Pin, [LockStays.Front], starts: Iso(now.AddMinutes(-90)), ends: Iso(now.AddMinutes(-30)))), HttpStatusCode.Created);
        await ReadAsync(await adapter.PutAsync("revoked-1", LockStays.Stay("40719237", [LockStays.Back])), HttpStatusCode.Created);
        await ReadAsync(await adapter.DeleteAsync("revoked-1"), HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(2)); // now: past-1 has ended (and notifications are signed at the receiver's time)

        var past = await EventAsync(adapter, "device.disconnected", LockStays.Front, Iso(now));
        var revoked = await EventAsync(adapter, "device.disconnected", LockStays.Back, Iso(now));
        var unknown = await EventAsync(adapter, "device.disconnected", "no-stays-here", Iso(now));
        adapter.Seam.State.Devices["garage-1"] = "Garage"; // a stay still to come, as a marker: its news is queued after anything the above told
        await ReadAsync(await adapter.PutAsync("marker", LockStays.Stay("40719238", ["garage-1"], starts: "2031-01-01T15:00:00Z", ends: "2031-01-03T11:00:00Z")), HttpStatusCode.Created);
        await EventAsync(adapter, "device.disconnected", "garage-1", Iso(now));
        var next = await target.NextAsync();

        Assert.All([past, revoked, unknown], answer => Assert.Equal((HttpStatusCode.OK, true), (answer.Status, (bool)answer.Body["ignored"]!)));
        Assert.Null((await CredentialAsync(adapter, "past-1"))["readiness"]);
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]);
    }

    [Fact]
    public async Task ADeviceEventWithABatteryLevelThatIsNotANumberFrom0To1Is400()
    {
        await using var adapter = await SeamEventAdapter.StartAsync(azurite, "memory");

        var answer = await EventAsync(adapter, "device.low_battery", LockStays.Front, "2030-01-01T09:00:00Z", new JsonObject { ["battery_level"] = "low" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.NotNull(answer.Body["errors"]!["battery_level"]);
    }
}
