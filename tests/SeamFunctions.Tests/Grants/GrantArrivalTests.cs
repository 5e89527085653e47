using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Notifications;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Grants;

/// <summary>
/// Whatever would keep a grant's guest out is noticed before arrival too: the readiness checks read the grant's
/// access methods and its devices at Seam, and the stays list and board show grants — on memory and Azurite, with
/// the adapter's clock moved by the test and a table of each test's own.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class GrantArrivalTests(Azurite azurite)
{
    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AGrantNotIssuedADayBeforeIsAtRiskAndOnceIssuedItIsReadyAtTheLastCheck(string store)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var (clock, starts) = (new FakeTimeProvider(now), now + TimeSpan.FromDays(3));
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var seam = await FakeSeamServer.StartAsync(time: clock); // one clock: Seam and the adapter agree on when a grant was made
        await using var adapter = await StartAsync(store, clock, target, seam);
        var (front, back) = (NewLock(adapter), NewLock(adapter));
        var created = await ReadAsync(await adapter.PutAsync("grant-stay", GrantStays.Stay("40719236", [front, back], starts: Iso(starts), ends: Iso(starts + TimeSpan.FromDays(2)))), HttpStatusCode.Created);
        adapter.Seam.State.LockHealth[back] = new FakeLockHealth(Online: true, BatteryLevel: 0.1);

        await adapter.TickAtAsync(clock, starts - TimeSpan.FromDays(1));
        var atRisk = await target.NextAsync();
        adapter.Seam.State.Grants.Issue(GrantStays.GrantId(created), Iso(clock.GetUtcNow()));
        adapter.Seam.State.LockHealth[back] = FakeLockHealth.Fine;
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        var told = new[] { await target.NextAsync(), await target.NextAsync() };
        using var stays = await adapter.Http.GetAsync($"api/stays?from={Uri.EscapeDataString(Iso(now))}");
        var listed = Assert.Single((await ReadAsync(stays, HttpStatusCode.OK))["stays"]!.AsArray());

        Assert.Equal("credential.at_risk", (string?)atRisk.Body["type"]);
        Assert.Equal("access_grant", (string?)atRisk.Body["data"]!["kind"]);
        Assert.Equal([("code_not_set", null), ("lock_low_battery", back)], Reasons(atRisk.Body["data"]!).Order());
        Assert.Equal(["credential.issued", "credential.ready"], told.Select(t => (string?)t.Body["type"])); // the issue Seam's event would have told, then the verdict
        Assert.Equal("02:00:00", (string?)told[1].Body["data"]!["check"]);
        Assert.All(told.Append(atRisk), t => Assert.DoesNotContain("40719236", t.Text, StringComparison.Ordinal));
        Assert.Equal(("access_grant", "issued", true), ((string?)listed!["kind"], (string?)listed["status"], (bool?)listed["readiness"]!["ready"]));
        Assert.Equal([front, back], listed["doors"]!.AsArray().Select(d => (string?)d!["device_id"]));
        Assert.DoesNotContain("40719236", listed.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<Adapter> StartAsync(string store, FakeTimeProvider clock, NotifyTarget target, FakeSeamServer seam)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(NotifyOptions.QueueName, NotifyOptions.PoisonQueueName);
        return await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Lifecycle:TableName"] = "Grants" + Guid.NewGuid().ToString("N")[..12],
            ["Seam:AccessModel"] = "grants",
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret,
            ["Notify:Url"] = target.Url.ToString(),
            ["Notify:Secret"] = NotifyTarget.Secret,
        }, services: s => s.AddSingleton<TimeProvider>(clock), sharedSeam: seam);
    }
}
