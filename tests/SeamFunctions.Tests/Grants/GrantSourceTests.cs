using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Intake;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Grants;

/// <summary>
/// A PMS connected to access grants with app settings alone: docs/pms/lodgify/settings-grants.json, its unit mapped to
/// a Seam space (<c>Spaces</c>), its guest to a user identity — created, moved, cancelled, and queued while Seam is
/// down, on memory and Azurite.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class GrantSourceTests(Azurite azurite)
{
    private async Task<(PmsProfile Profile, Adapter Adapter)> LodgifyAsync(string store, StubKeyVault vault, NotifyTarget? target = null)
    {
        if (store == "azurite")
            await azurite.ClearQueuesAsync(IntakeOptions.QueueName, IntakeOptions.QueueName + "-poison");
        var profile = await PmsProfile.LoadAsync("lodgify", "settings-grants.json");
        var adapter = await profile.StartAsync(vault,
            ("AzureWebJobsStorage", store == "azurite" ? azurite.ConnectionString : null), ("Intake:RetryDelays", "00:00:00.2,00:00:00.2,00:00:00.2,00:00:00.2"),
            ("Idempotency:ReconcileAfter", "00:00:00"), ("Notify:Url", target?.Url.ToString()));
        vault.Secrets["notify-secret"] = NotifyTarget.Secret;
        return (profile, adapter);
    }

    private static string Booking(string sample, long id) => sample.Replace("3312045", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ABookingOnAMappedSpaceIsOneGrantMovedInPlaceAndDeletedWhenCancelled(string store)
    {
        using var vault = new StubKeyVault();
        var (profile, adapter) = await LodgifyAsync(store, vault);
        await using var _ = adapter;
        var booking = Random.Shared.NextInt64(10_000_000, 99_999_999);

        var created = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("created.json"), booking)));
        var moved = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("moved.json"), booking)));
        var live = GrantStays.Live(adapter);
        var cancelled = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("cancelled.json"), booking)));

        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToJsonString());
        Assert.Equal("access_grant", (string?)created.Body["credential"]!["kind"]);
        Assert.Matches("^[0-9]{6}$", (string?)created.Body["credential"]!["code"]); // the PIN the adapter chose, kept by the reference
        var sent = JsonNode.Parse(adapter.Seam.State.Exchanges.First(e => e.Path == "/access_grants/create").RequestBody)!;
        Assert.Equal([FakeSeamSeed.UnitSpaceId.ToString()], sent["space_ids"]!.AsArray().Select(s => (string?)s));
        Assert.NotNull(sent["user_identity_id"]); // the PMS's guest, as a Seam user identity
        Assert.True(moved.Status == HttpStatusCode.OK, moved.Body.ToJsonString());
        Assert.Equal(GrantStays.GrantId(created.Body), GrantStays.GrantId(moved.Body));
        Assert.Equal("2030-07-16T08:00:00.000Z", (string?)Assert.Single(live)["ends_at"]); // moved.json: two days longer, out by 10:00 in Madrid
        Assert.Equal((string?)created.Body["credential"]!["code"], (string?)moved.Body["credential"]!["code"]);
        Assert.Equal("revoked", (string?)cancelled.Body["status"]);
        Assert.Empty(GrantStays.Live(adapter));
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task WhileSeamIsDownTheBookingIsQueuedAndMadeOnceWhenItIsBack(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        using var vault = new StubKeyVault();
        var (profile, adapter) = await LodgifyAsync(store, vault, target);
        await using var _ = adapter;
        var booking = Random.Shared.NextInt64(10_000_000, 99_999_999);
        adapter.Seam.State.Outage = new FakeSeamFault.Status(503, "service_unavailable", "Seam is down for maintenance");

        var queued = await adapter.SendAsync(profile.Delivery(Booking(await profile.SampleAsync("created.json"), booking)));
        adapter.Seam.State.Outage = null;
        var landed = await Eventually.ValueAsync(async () =>
        {
            using var response = await adapter.Http.GetAsync($"api/credentials/{booking}?source=lodgify");
            return (response.StatusCode, Body: await Adapter.ReadJsonAsync(response));
        }, r => r.StatusCode != HttpStatusCode.Accepted, seconds: 30);
        var told = await target.NextAsync();

        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("access_grant", (string?)landed.Body["credential"]!["kind"]);
        Assert.Single(GrantStays.Live(adapter));
        Assert.Equal(("credential.created", "access_grant"), ((string?)told.Body["type"], (string?)told.Body["data"]!["kind"]));
    }
}
