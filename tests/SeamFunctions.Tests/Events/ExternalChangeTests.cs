using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Events;

/// <summary>
/// A code changed or deleted at the lock (its own app, its keypad) while the stay has not ended: the booking's PIN is
/// put back once and the caller told (<c>credential.restored</c>, no PIN), or told <c>credential.failed</c> when Seam
/// refuses; with <c>Locks__RestoreExternalChanges</c> off, only <c>credential.at_risk</c>. A code the adapter itself
/// removed is never put back.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class ExternalChangeTests(Azurite azurite)
{
    private const string Pin = "30719245";

    private Task<Adapter> StartAsync(string store, NotifyTarget target, bool restore = true) =>
        SeamEventAdapter.StartAsync(azurite, store, target, ("Locks:RestoreExternalChanges", restore ? "true" : "false"));

    private static Task<(HttpStatusCode Status, JsonObject Body)> ChangedAtTheLockAsync(Adapter adapter, string type, string accessCodeId, string device) =>
        adapter.SendAsync(Senders.SeamEvent(new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = "2029-12-30T12:00:00Z",
            ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(), ["access_code_id"] = accessCodeId, ["device_id"] = device,
        }.ToJsonString(), SeamEventAdapter.Secret));

    private static (string Device, string Code, string? Name)[] PinOn(Adapter adapter, string pin) =>
        [.. LockStays.Held(adapter).Where(h => h.Code == pin).OrderBy(h => h.Device, StringComparer.Ordinal)];

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACodeDeletedAtTheLockIsMadeAgainWithTheBookingsPinOnceAndTheCallerToldWithoutThePin(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var reference = "deleted-" + Guid.NewGuid().ToString("N")[..8];
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin)), HttpStatusCode.Created));
        adapter.Seam.State.RemoveCodeForTest(codes[0]); // deleted in the lock's own app

        var restored = await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", codes[0], LockStays.Front);
        var told = await target.NextAsync();
        var again = await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", codes[0], LockStays.Front); // another delivery of the news
        var read = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);

        Assert.Equal((HttpStatusCode.OK, false), (restored.Status, (bool)restored.Body["ignored"]!));
        Assert.Equal([(LockStays.Front, Pin, reference), (LockStays.Back, Pin, reference)], PinOn(adapter, Pin)); // once per door
        Assert.Equal("credential.restored", (string?)told.Body["type"]);
        Assert.Equal(LockStays.Front, (string?)told.Body["data"]!["device_id"]);
        Assert.NotEqual(codes[0], (string?)told.Body["data"]!["access_code_id"]);
        Assert.DoesNotContain(Pin, told.Text);
        Assert.Equal((HttpStatusCode.OK, true), (again.Status, (bool)again.Body["ignored"]!));
        Assert.Equal((string?)told.Body["data"]!["access_code_id"], (string?)read["credential"]!["access_codes"]![0]!["access_code_id"]);
        Assert.DoesNotContain(Pin, adapter.AllLogText());
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACodeChangedAtTheKeypadIsUpdatedBackToTheBookingsPin(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var reference = "modified-" + Guid.NewGuid().ToString("N")[..8];
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(Pin)), HttpStatusCode.Created));
        adapter.Seam.State.AlterCode(codes[1], code => code["code"] = "11112222");

        var restored = await ChangedAtTheLockAsync(adapter, "access_code.modified_external_to_seam", codes[1], LockStays.Back);
        var told = await target.NextAsync();

        Assert.Equal((HttpStatusCode.OK, false), (restored.Status, (bool)restored.Body["ignored"]!));
        Assert.Equal([(LockStays.Front, Pin, reference), (LockStays.Back, Pin, reference)], PinOn(adapter, Pin));
        Assert.Empty(PinOn(adapter, "11112222"));
        Assert.Equal(("credential.restored", codes[1]), ((string?)told.Body["type"], (string?)told.Body["data"]!["access_code_id"]));
    }

    [Fact]
    public async Task WithRestoringOffTheCallerIsToldTheStayIsAtRiskAndNothingIsMade()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target, restore: false);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("not-restored", LockStays.Stay(Pin)), HttpStatusCode.Created));
        adapter.Seam.State.RemoveCodeForTest(codes[0]);

        await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", codes[0], LockStays.Front);
        var told = await target.NextAsync();

        Assert.Equal("credential.at_risk", (string?)told.Body["type"]);
        Assert.Equal("code_removed", (string?)told.Body["data"]!["reasons"]![0]!["code"]);
        Assert.Equal([(LockStays.Back, Pin, "not-restored")], PinOn(adapter, Pin));
    }

    [Fact]
    public async Task ACodeTheAdapterRemovedItselfIsNeverPutBack()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("moved", LockStays.Stay(Pin)), HttpStatusCode.Created));
        await ReadAsync(await adapter.PutAsync("moved", LockStays.Stay(Pin, [LockStays.Back])), HttpStatusCode.OK); // the front door left the stay
        var revoked = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("revoked", LockStays.Stay("30719246", [LockStays.Front])), HttpStatusCode.Created));
        await ReadAsync(await adapter.DeleteAsync("revoked"), HttpStatusCode.OK);

        var afterMove = await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", codes[0], LockStays.Front);
        var afterRevoke = await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", revoked[0], LockStays.Front);

        Assert.True((bool)afterMove.Body["ignored"]!);
        Assert.True((bool)afterRevoke.Body["ignored"]!);
        Assert.Equal([(LockStays.Back, Pin, "moved")], PinOn(adapter, Pin));
        Assert.Empty(PinOn(adapter, "30719246"));
    }

    [Fact]
    public async Task ARestoreSeamRefusesIsToldAsFailedWithSeamsError()
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync("memory", target);
        var codes = LockStays.CodeIds(await ReadAsync(await adapter.PutAsync("squatted", LockStays.Stay(Pin, [LockStays.Front])), HttpStatusCode.Created));
        adapter.Seam.State.RemoveCodeForTest(codes[0]);
        await ReadAsync(await adapter.PutAsync("squatter", LockStays.Stay(Pin, [LockStays.Front])), HttpStatusCode.Created); // the PIN, now someone else's on that lock

        var answer = await ChangedAtTheLockAsync(adapter, "access_code.deleted_external_to_seam", codes[0], LockStays.Front);
        var told = await target.NextAsync();

        Assert.Equal((HttpStatusCode.OK, false), (answer.Status, (bool)answer.Body["ignored"]!)); // refused for certain: Seam need not send it again
        Assert.Equal("credential.failed", (string?)told.Body["type"]);
        Assert.Equal("squatted", (string?)told.Body["data"]!["reference"]);
        Assert.Equal("upstream_rejected", (string?)told.Body["data"]!["errors"]![0]!["code"]);
        Assert.DoesNotContain(Pin, told.Text);
    }
}
