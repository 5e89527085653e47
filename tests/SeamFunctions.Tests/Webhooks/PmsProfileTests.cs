using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>
/// The ready profiles in docs/pms: each one's settings exactly as documented (secrets in the stub vault), its sample
/// deliveries signed or authenticated as that sender does, created -> moved -> cancelled, and the right Seam calls.
/// </summary>
public sealed class PmsProfileTests
{
    [Theory]
    [InlineData("guesty", "2030-06-01T14:00:00Z", true)] // 15:00 in Lisbon (WEST); new dates: replaced
    [InlineData("lodgify", "2030-07-10T14:00:00Z", false)] // 16:00 in Madrid (CEST); a later departure: updated in place
    [InlineData("hostaway", "2030-11-01T20:00:00Z", true)] // checkInTime 16 in New York (EDT, two days before DST ends)
    public async Task ASamplesBookingIsCreatedMovedAndCancelled(string pms, string expectedStart, bool moveReplaces)
    {
        var profile = await PmsProfile.LoadAsync(pms);
        using var vault = new StubKeyVault();
        await using var adapter = await profile.StartAsync(vault);

        var created = await profile.SendSampleAsync(adapter, "created.json");
        var moved = await profile.SendSampleAsync(adapter, "moved.json");
        var cancelled = await profile.SendSampleAsync(adapter, "cancelled.json");
        var redelivered = await profile.SendSampleAsync(adapter, "cancelled.json");

        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToJsonString());
        var credential = created.Body["credential"]!;
        Assert.Equal(DateTimeOffset.Parse(expectedStart, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)credential["starts_at"]!, CultureInfo.InvariantCulture));
        Assert.Matches("^[0-9]{4,}$", (string?)credential["code"]); // the PIN the adapter chose
        var sent = JsonNode.Parse(adapter.Seam.State.Exchanges.First(e => e.Path == "/acs/credentials/create" && e.Status == 200).RequestBody)!;
        Assert.NotNull(sent["user_identity_id"]); // the PMS's guest, as a Seam user identity
        Assert.NotEmpty(sent["allowed_acs_entrance_ids"]!.AsArray()); // the unit's entrances
        Assert.True(moved.Status == HttpStatusCode.OK, moved.Body.ToJsonString());
        Assert.Equal(moveReplaces, moved.Body["replaced_acs_credential_id"] is not null);
        Assert.Equal((string?)credential["code"], (string?)moved.Body["credential"]!["code"]); // the guest keeps the PIN
        Assert.Equal("revoked", (string?)cancelled.Body["status"]);
        Assert.Equal(HttpStatusCode.OK, redelivered.Status);
        Assert.Empty(adapter.Seam.State.Credentials);
        Assert.Single(adapter.Seam.State.UserIdentities.Values);
    }

    [Theory]
    [InlineData("guesty")]
    [InlineData("lodgify")]
    [InlineData("hostaway")]
    public async Task ASmartLockVariantPutsOneGeneratedPinOnBothDoorsMovesAndRevokesIt(string pms)
    {
        var profile = await PmsProfile.LoadAsync(pms, "settings-locks.json");
        using var vault = new StubKeyVault();
        await using var adapter = await profile.StartAsync(vault);

        var created = await profile.SendSampleAsync(adapter, "created.json");
        var moved = await profile.SendSampleAsync(adapter, "moved.json");
        var held = LockStays.Held(adapter);
        var cancelled = await profile.SendSampleAsync(adapter, "cancelled.json");

        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToJsonString());
        Assert.Equal("access_code", (string?)created.Body["credential"]!["kind"]);
        Assert.Equal(2, LockStays.CodeIds(created.Body).Count);
        Assert.True(moved.Status == HttpStatusCode.OK, moved.Body.ToJsonString());
        Assert.Equal(LockStays.CodeIds(created.Body), LockStays.CodeIds(moved.Body)); // moved in place
        Assert.Equal([LockStays.Front, LockStays.Back], held.Select(h => h.Device));
        Assert.Single(held.Select(h => h.Code).Distinct()); // one generated PIN on both doors
        Assert.Equal((string?)created.Body["credential"]!["code"], held[0].Code);
        Assert.NotEqual(
            ((string?)created.Body["credential"]!["starts_at"], (string?)created.Body["credential"]!["ends_at"]),
            ((string?)moved.Body["credential"]!["starts_at"], (string?)moved.Body["credential"]!["ends_at"])); // the stay moved
        Assert.Equal("revoked", (string?)cancelled.Body["status"]);
        Assert.Empty(LockStays.Held(adapter));
        Assert.Empty(adapter.Seam.State.UserIdentities); // no guest identity for locks
    }

    [Fact]
    public async Task OneSourceServesUnitsOnLocksAndUnitsOnEntrances()
    {
        var profile = await PmsProfile.LoadAsync("lodgify");
        using var vault = new StubKeyVault();
        await using var adapter = await profile.StartAsync(vault, ("Webhooks:Sources:lodgify:Devices", $"2000={LockStays.Front}"));
        var onLocks = JsonNode.Parse(await profile.SampleAsync("created.json"))!;
        onLocks["booking"]!["property_id"] = 2000;
        onLocks["booking"]!["id"] = 3312046;

        var entrances = await profile.SendSampleAsync(adapter, "created.json");
        var locks = await adapter.SendAsync(profile.Delivery(onLocks.ToJsonString()));

        Assert.Equal("acs_credential", (string?)entrances.Body["credential"]!["kind"]);
        Assert.Equal("access_code", (string?)locks.Body["credential"]!["kind"]);
        Assert.Equal([LockStays.Front], LockStays.Held(adapter).Select(h => h.Device));
    }
}
