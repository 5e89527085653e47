using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using Grant = SeamFunctions.Tests.Support.GrantStays;

namespace SeamFunctions.Tests.Grants;

/// <summary>
/// Seam's <c>access_method.*</c> and <c>access_grant.*</c> events, signed as Seam signs them, applied to the reference
/// that holds the grant and told to the caller as the usual notification types, with <c>data.access_grant_id</c>,
/// on memory and Azurite. The phone key's link is told once, in its own <c>credential.issued</c>; a PIN never.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class GrantEventTests(Azurite azurite)
{
    private async Task<Adapter> StartAsync(string store, NotifyTarget target) =>
        await SeamEventAdapter.StartAsync(azurite, store, target, ("Seam:AccessModel", "grants"), ("Seam:Timeout", "00:00:03"));

    private static async Task SendAsync(Adapter adapter, JsonObject seamEvent)
    {
        var (status, body) = await adapter.SendAsync(Senders.SeamEvent(seamEvent.ToJsonString(), SeamEventAdapter.Secret));
        Assert.True(status == HttpStatusCode.OK, $"{seamEvent["event_type"]}: {(int)status} {body.ToJsonString()}");
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task EachGrantEventIsToldAsTheUsualNotificationWithTheGrantsId(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var reference = "grant-events-" + Guid.NewGuid().ToString("N")[..8];
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(mobileKey: true)), HttpStatusCode.Created);
        var grantId = Grant.GrantId(created);
        var methods = created["credential"]!["access_methods"]!.AsArray();
        string MethodOf(string mode) => (string)methods.Single(m => (string?)m!["mode"] == mode)!["access_method_id"]!;
        var link = (string?)methods.Single(m => (string?)m!["mode"] == "mobile_key")!["instant_key_url"];
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);

        (string Event, string? Method)[] story =
        [
            ("access_method.delay_in_issuing", MethodOf("code")),
            ("access_method.issued", MethodOf("code")),
            ("access_method.issued", MethodOf("mobile_key")),
            ("access_grant.access_to_door_lost", null),
            ("access_grant.access_granted_to_all_doors", null),
            ("access_method.failed_to_issue", MethodOf("code")),
            ("access_grant.deleted", null),
        ];
        var told = new List<JsonObject>();
        foreach (var (type, method) in story)
        {
            at = at.AddSeconds(1);
            await SendAsync(adapter, Grant.Event(type, grantId, method, at));
            told.Add((await target.NextAsync()).Body);
        }

        Assert.Equal(
            ["credential.delayed", "credential.issued", "credential.issued", "credential.at_risk", "credential.issued", "credential.failed", "credential.removed"],
            told.Select(n => (string?)n["type"]));
        Assert.All(told, n => Assert.Equal(("access_grant", grantId), ((string?)n["data"]!["kind"], (string?)n["data"]!["access_grant_id"])));
        Assert.All(told, n => Assert.DoesNotContain("4821", n.ToJsonString(), StringComparison.Ordinal));
        Assert.Equal([link], told.Select(n => (string?)n["data"]!["instant_key_url"]).OfType<string>()); // only the phone key's own issued
        Assert.Equal(MethodOf("mobile_key"), (string?)told[2]["data"]!["access_method_id"]);
        Assert.Equal("failed", (string?)told[5]["data"]!["status"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AGrantsLockGoingOfflineIsAtRiskAndBackOnlineWithTheGrantIssuedIsReady(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var (front, back) = (LockStays.NewLock(adapter), LockStays.NewLock(adapter));
        var created = await ReadAsync(await adapter.PutAsync("grant-lock-" + Guid.NewGuid().ToString("N")[..8], Grant.Stay("5917", [front, back])), HttpStatusCode.Created);
        var pin = (string)created["credential"]!["access_methods"]![0]!["access_method_id"]!;
        await SendAsync(adapter, Grant.Event("access_method.issued", Grant.GrantId(created), pin, DateTimeOffset.UtcNow.AddSeconds(-5)));
        var issued = await target.NextAsync();

        await adapter.SeamEventAsync("device.disconnected", back);
        var atRisk = await target.NextAsync();
        await adapter.SeamEventAsync("device.connected", back);
        var ready = await target.NextAsync();

        Assert.Equal("credential.issued", (string?)issued.Body["type"]);
        Assert.Equal(("credential.at_risk", "access_grant"), ((string?)atRisk.Body["type"], (string?)atRisk.Body["data"]!["kind"]));
        Assert.Equal([("lock_offline", back)], LockStays.Reasons(atRisk.Body["data"]!));
        Assert.Equal("credential.ready", (string?)ready.Body["type"]);
        Assert.All(new[] { atRisk, ready }, t => Assert.DoesNotContain("5917", t.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task TheEventsOfWhatTheAdapterRemovedItselfTellNothing(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var reference = "grant-quiet-" + Guid.NewGuid().ToString("N")[..8];
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);
        var oldPin = (string)created["credential"]!["access_methods"]![0]!["access_method_id"]!;
        await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(code: "7391")), HttpStatusCode.OK);

        await SendAsync(adapter, Grant.Event("access_method.deleted", Grant.GrantId(created), oldPin)); // the replaced PIN
        await ReadAsync(await adapter.DeleteAsync(reference), HttpStatusCode.OK);
        await SendAsync(adapter, Grant.Event("access_grant.deleted", Grant.GrantId(created))); // the revoke, confirmed
        await SendAsync(adapter, Grant.Event("access_method.issued", Guid.NewGuid().ToString(), Guid.NewGuid().ToString())); // no reference holds it
        await SendAsync(adapter, Grant.Event("access_grant.access_to_door_lost", Grant.GrantId(created), at: DateTimeOffset.UtcNow.AddSeconds(1)));

        Assert.False(await target.AnyMoreAsync(1.5));
    }
}
