using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Notifications;
using SeamFunctions.Tests.Support;
using Xunit.Abstractions;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Arrival;

/// <summary>
/// One stay's story, as its receiver hears it: the PIN set on both doors; the front lock offline three days before
/// arrival and back; the back door's code deleted in the lock's app and put back; the day's check quiet; ready at two
/// hours before; the guest in. Every step through the adapter's routes and its minute timer, on memory and Azurite.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class OneStayStoryTests(Azurite azurite, ITestOutputHelper output)
{
    private const string Pin = "60718243";

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task TheReceiverHearsTheLockGoOfflineComeBackTheDeletedCodePutBackTheStayReadyAndTheGuestArrive(string store)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var (clock, starts) = (new FakeTimeProvider(now), now + TimeSpan.FromDays(4));
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await StartAsync(store, clock, target);
        var (front, back) = (NewLock(adapter, "Front door"), NewLock(adapter, "Back door"));
        var codes = CodeIds(await ReadAsync(await adapter.PutAsync("booking-1043", LockStays.Stay(Pin, [front, back], Iso(starts), Iso(starts + TimeSpan.FromDays(3)))), HttpStatusCode.Created));

        await SetOnTheLockAsync(adapter, clock, starts - TimeSpan.FromDays(3.9), front, codes[0]);
        await SetOnTheLockAsync(adapter, clock, starts - TimeSpan.FromDays(3.9), back, codes[1]);
        await EventAsync(adapter, clock, starts - TimeSpan.FromDays(3), "device.disconnected", front);
        await EventAsync(adapter, clock, starts - TimeSpan.FromDays(3) + TimeSpan.FromHours(2), "device.connected", front);
        adapter.Seam.State.RemoveCodeForTest(codes[1]); // deleted in the lock's own app
        await EventAsync(adapter, clock, starts - TimeSpan.FromDays(2), "access_code.deleted_external_to_seam", back, codes[1]);
        var restored = CodeIds(await ReadAsync(await adapter.Http.GetAsync("api/credentials/booking-1043"), HttpStatusCode.OK))[1];
        await SetOnTheLockAsync(adapter, clock, starts - TimeSpan.FromDays(2) + TimeSpan.FromMinutes(50), back, restored);
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromDays(1));
        await adapter.TickAtAsync(clock, starts - TimeSpan.FromHours(2));
        await EventAsync(adapter, clock, starts + TimeSpan.FromMinutes(40), "lock.unlocked", back, restored);
        var story = new List<NotifyTarget.Delivery>();
        for (var i = 0; i < 8; i++)
            story.Add(await target.NextAsync());
        foreach (var told in story)
            output.WriteLine(told.Text);

        Assert.Equal(
            ["credential.issued", "credential.issued", "credential.at_risk", "credential.ready", "credential.restored", "credential.issued", "credential.ready", "guest.arrived"],
            story.Select(d => (string?)d.Body["type"]));
        Assert.Equal([("lock_offline", front)], Reasons(story[2].Body["data"]!));
        Assert.Equal("02:00:00", (string?)story[6].Body["data"]!["check"]); // the day's check found it ready: nothing to tell
        Assert.Equal(restored, (string?)story[4].Body["data"]!["access_code_id"]);
        Assert.All(story, d => Assert.DoesNotContain(Pin, d.Text));
        Assert.DoesNotContain(Pin, adapter.AllLogText());
        Assert.False(await target.AnyMoreAsync(0.5));
    }

    private async Task<Adapter> StartAsync(string store, FakeTimeProvider clock, NotifyTarget target)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(NotifyOptions.QueueName, NotifyOptions.PoisonQueueName);
        return await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
            ["Lifecycle:TableName"] = "Story" + Guid.NewGuid().ToString("N")[..12], // the checks scan every record: this test's own table
            ["Seam:WebhookSecret"] = SeamEventAdapter.Secret,
            ["Notify:Url"] = target.Url.ToString(),
            ["Notify:Secret"] = NotifyTarget.Secret,
        }, services: s => s.AddSingleton<TimeProvider>(clock));
    }

    /// <summary>Seam's event, sent (signed) at <paramref name="at"/>, the adapter's clock moved there first.</summary>
    private static Task EventAsync(Adapter adapter, FakeTimeProvider clock, DateTimeOffset at, string type, string device, string? accessCodeId = null)
    {
        clock.SetUtcNow(at);
        return adapter.SeamEventAsync(type, device, accessCodeId, at);
    }

    /// <summary>Seam sets the code on the lock, and says so.</summary>
    private static Task SetOnTheLockAsync(Adapter adapter, FakeTimeProvider clock, DateTimeOffset at, string device, string accessCodeId)
    {
        adapter.Seam.State.AlterCode(accessCodeId, c => c["status"] = "set");
        return EventAsync(adapter, clock, at, "access_code.set_on_device", device, accessCodeId);
    }
}
