using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Events;

/// <summary>
/// The guest's first use: Seam's <c>lock.unlocked</c> naming a reference's code records <c>first_used_at</c> once and
/// tells the caller once (<c>guest.arrived</c>, no PIN in it); later unlocks move <c>last_used_at</c> only; GET shows
/// both; a revoked reference's unlocks change nothing.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class FirstUseTests(Azurite azurite)
{
    private const string Pin = "50718293";

    private Task<Adapter> StartAsync(string store, NotifyTarget target) => SeamEventAdapter.StartAsync(azurite, store, target);

    private static Task<(HttpStatusCode Status, JsonObject Body)> UnlockedAsync(Adapter adapter, string accessCodeId, string device, string at) =>
        adapter.SendAsync(Senders.SeamEvent(new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = "lock.unlocked", ["occurred_at"] = at,
            ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(), ["access_code_id"] = accessCodeId, ["device_id"] = device,
        }.ToJsonString(), SeamEventAdapter.Secret));

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task TheFirstUnlockWithTheGuestsCodeIsToldOnceAndLaterOnesOnlyMoveLastUsedAt(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var reference = "arrival-" + Guid.NewGuid().ToString("N")[..8];
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin)), HttpStatusCode.Created));

        var first = await UnlockedAsync(adapter, codes[0], LockStays.Front, "2030-01-01T15:02:00Z");
        var arrived = await target.NextAsync();
        var later = await UnlockedAsync(adapter, codes[1], LockStays.Back, "2030-01-01T18:30:00Z");
        var earlierButLate = await UnlockedAsync(adapter, codes[1], LockStays.Back, "2030-01-01T15:01:00Z"); // delivered out of order
        var read = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);
        var held = await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin)), HttpStatusCode.OK);
        var next = await MarkerAsync(adapter, target); // queued after anything the later unlocks told

        Assert.Equal((HttpStatusCode.OK, false), (first.Status, (bool)first.Body["ignored"]!));
        Assert.Equal("guest.arrived", (string?)arrived.Body["type"]);
        Assert.Equal(reference, (string?)arrived.Body["data"]!["reference"]);
        Assert.Equal(LockStays.Front, (string?)arrived.Body["data"]!["device_id"]);
        Assert.True(arrived.SignatureValid);
        Assert.DoesNotContain(Pin, arrived.Text);
        Assert.Equal((HttpStatusCode.OK, false), (later.Status, (bool)later.Body["ignored"]!));
        Assert.Equal(HttpStatusCode.OK, earlierButLate.Status);
        Assert.Equal("2030-01-01T15:01:00.000Z", (string?)read["credential"]!["first_used_at"]); // the earliest, whichever came first
        Assert.Equal("2030-01-01T18:30:00.000Z", (string?)read["credential"]!["last_used_at"]);
        Assert.Equal("2030-01-01T18:30:00.000Z", (string?)held["credential"]!["last_used_at"]); // answers from the record show it too
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]); // told once
        Assert.DoesNotContain(Pin, adapter.AllLogText());
    }

    [Fact]
    public async Task AnUnlockAfterTheRevokeChangesNothingAndTellsNobody()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("left-1", LockStays.Stay(Pin)), HttpStatusCode.Created));
        await ReadAsync(await adapter.DeleteAsync("left-1"), HttpStatusCode.OK);

        var unlocked = await UnlockedAsync(adapter, codes[0], LockStays.Front, "2030-01-02T09:00:00Z");
        var read = await ReadAsync(await adapter.Http.GetAsync("api/credentials/left-1"), HttpStatusCode.OK);
        var next = await MarkerAsync(adapter, target);

        Assert.Equal((HttpStatusCode.OK, true), (unlocked.Status, (bool)unlocked.Body["ignored"]!));
        Assert.Null(read["credential"]!["first_used_at"]);
        Assert.Equal("marker", (string?)next.Body["data"]!["reference"]);
    }

    /// <summary>Another stay's arrival, queued after everything before it: the next delivery the receiver gets (one receiver, in order).</summary>
    private static async Task<NotifyTarget.Delivery> MarkerAsync(Adapter adapter, NotifyTarget target)
    {
        var marker = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("marker", LockStays.Stay("61829374", [LockStays.Front])), HttpStatusCode.Created));
        await UnlockedAsync(adapter, marker[0], LockStays.Front, "2030-01-05T10:00:00Z");
        return await target.NextAsync();
    }
}
