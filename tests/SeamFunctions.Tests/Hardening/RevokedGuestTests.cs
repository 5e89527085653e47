using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Hardening;

/// <summary>
/// A revoked or refused guest never keeps a PIN on a lock the adapter no longer tracks: a DELETE during a slow
/// move of many doors waits for it (the move holds its record for every Seam call), and a code a refused door change
/// could not remove stays tracked until a DELETE removes it. Seam is held at gates; the adapter's clock moves only
/// when the test moves it, so every ordering here is stated, never raced.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class RevokedGuestTests(Azurite azurite)
{
    private static readonly string[] FourDoors = [LockStays.Front, LockStays.Back, "lock-3", "lock-4"];

    /// <summary>What a Seam call costs on the adapter's clock while Seam holds it: under the 2 s time limit, so no call times out.</summary>
    private static readonly TimeSpan SlowCall = TimeSpan.FromSeconds(1.9);

    private Dictionary<string, string?> Settings(string store) => new()
    {
        ["AzureWebJobsStorage"] = store == "memory" ? null : azurite.ConnectionString,
        ["Seam:Timeout"] = "00:00:02", // a lease of one call is 2 × 2 s + 5 s = 9 s; the move below takes 15 s
    };

    [Theory]
    [InlineData("memory", false)]
    [InlineData("azurite", true)]
    public async Task ADeleteDuringASlowMoveOfFourDoorsWaitsForItAndAfterItsTwoHundredNoDoorHoldsThePin(string store, bool otherInstance)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var adapter = await Adapter.StartAsync(Settings(store), services: s => s.AddSingleton<TimeProvider>(clock));
        await using var other = otherInstance
            ? await Adapter.StartAsync(Settings(store), services: s => s.AddSingleton<TimeProvider>(clock), sharedSeam: adapter.Seam)
            : null;
        adapter.Seam.State.Devices["lock-3"] = "Lock 3";
        adapter.Seam.State.Devices["lock-4"] = "Lock 4";
        var reference = "slow-move-" + Guid.NewGuid().ToString("N")[..8];
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("73915", FourDoors)), HttpStatusCode.Created);

        // Every door's update and read-back waits at a gate: update 1, get 1, update 2, get 2, ...
        var gates = new List<FakeSeamFault.Gate>();
        for (var door = 0; door < FourDoors.Length; door++)
        {
            var (update, get) = (new FakeSeamFault.Gate(), new FakeSeamFault.Gate());
            adapter.Seam.State.EnqueueFault("access_codes/update", update);
            adapter.Seam.State.EnqueueFault("access_codes/get", get);
            gates.AddRange([update, get]);
        }

        var move = adapter.PutAsync(reference, LockStays.Stay("73915", FourDoors, starts: "2030-01-02T15:00:00Z"));
        HttpResponseMessage? during = null;
        for (var call = 0; call < gates.Count && await Task.WhenAny(gates[call].Arrived, move) != move; call++)
        {
            clock.Advance(SlowCall);
            if (call == 5) // 11.4 s into the move, past a one-call lease, while Seam holds the third door's read-back
                during = await (other ?? adapter).DeleteAsync(reference);
            gates[call].Open();
        }

        var moved = await move;
        var revoked = await RevokedAsync(other ?? adapter, reference);

        Assert.NotNull(during);
        Assert.Equal(HttpStatusCode.Conflict, during.StatusCode); // the move still holds the reference: retry after Retry-After
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("revoked", (string?)revoked["status"]);
        Assert.DoesNotContain(LockStays.Held(adapter), held => held.Code == "73915");
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACleanupThatFailsOnceIsTriedAgainSoARefusedDoorChangeLeavesNoCodeBehind(string store)
    {
        await using var adapter = await StartWithPinOnLockFourAsync(store);
        var reference = "refused-" + Guid.NewGuid().ToString("N")[..8];
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("55117", [LockStays.Front])), HttpStatusCode.Created);
        adapter.Seam.State.EnqueueFault("access_codes/delete", new FakeSeamFault.Status(503, "service_unavailable", "Try again"));

        var refused = await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("55117", [LockStays.Front, LockStays.Back, "lock-4"])), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("lock-4", (string?)refused["device_id"]);
        Assert.Equal([(LockStays.Front, "55117"), ("lock-4", "55117")], PinsOn(adapter));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACodeTheCleanupCouldNotRemoveStaysTrackedAndTheDeleteRemovesIt(string store)
    {
        await using var adapter = await StartWithPinOnLockFourAsync(store);
        var reference = "refused-" + Guid.NewGuid().ToString("N")[..8];
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("55117", [LockStays.Front])), HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
            adapter.Seam.State.EnqueueFault("access_codes/delete", new FakeSeamFault.Status(503, "service_unavailable", "Try again"));

        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("55117", [LockStays.Front, LockStays.Back, "lock-4"])), HttpStatusCode.UnprocessableEntity);
        var stuck = PinsOn(adapter);
        await RevokedAsync(adapter, reference);

        Assert.Contains((LockStays.Back, "55117"), stuck); // Seam would not delete it: still on the back door, and tracked
        Assert.Equal([("lock-4", "55117")], PinsOn(adapter)); // the other booking's code alone is left
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnIdenticalPutAfterARefusedChangeRemovesTheCodeItLeftRatherThanAnsweringFromTheRecord(string store)
    {
        await using var adapter = await StartWithPinOnLockFourAsync(store);
        var reference = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var stay = LockStays.Stay("55117", [LockStays.Front]);
        await ReadAsync(await adapter.PutAsync(reference, stay), HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
            adapter.Seam.State.EnqueueFault("access_codes/delete", new FakeSeamFault.Status(503, "service_unavailable", "Try again"));
        await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay("55117", [LockStays.Front, LockStays.Back, "lock-4"])), HttpStatusCode.UnprocessableEntity);

        var again = await ReadAsync(await adapter.PutAsync(reference, stay), HttpStatusCode.OK);

        Assert.Single(again["credential"]!["access_codes"]!.AsArray());
        Assert.Equal([(LockStays.Front, "55117"), ("lock-4", "55117")], PinsOn(adapter));
    }

    /// <summary>An adapter whose lock 4 already holds PIN 55117 for another booking (Seam refuses the same PIN twice on a lock).</summary>
    private async Task<Adapter> StartWithPinOnLockFourAsync(string store)
    {
        var adapter = await Adapter.StartAsync(Settings(store));
        adapter.Seam.State.Devices["lock-4"] = "Lock 4";
        await ReadAsync(await adapter.PutAsync("other-" + Guid.NewGuid().ToString("N")[..8], LockStays.Stay("55117", ["lock-4"])), HttpStatusCode.Created);
        return adapter;
    }

    private static (string Device, string Code)[] PinsOn(Adapter adapter) =>
        [.. LockStays.Held(adapter).Where(h => h.Code == "55117").Select(h => (h.Device, h.Code)).OrderBy(h => h.Device, StringComparer.Ordinal)];

    /// <summary>DELETE until it answers 200 (a 409 says another write still holds the reference).</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject> RevokedAsync(Adapter adapter, string reference)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await adapter.DeleteAsync(reference);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 10)
                return await ReadAsync(response, HttpStatusCode.OK);
        }
    }
}
