using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>
/// A PMS's own payload and events, configured with settings alone: the mapped event says create, upsert, revoke or
/// ignore; dates come as the property's local dates. Through the DevServer over real HTTP, signed as the PMS signs.
/// </summary>
public sealed class PmsEventTests
{
    private const string Secret = "pms-events-secret-8c1d";

    private static readonly Guid FrontDoor = Guid.Parse("5b1f8a3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid RoomDoor = Guid.Parse("6c2a9b4f-3d5e-4f70-9b0c-1d2e3f4a5b6c");

    private static Task<Adapter> StartAsync(params (string Key, string? Value)[] more) => Adapter.StartAsync(new Dictionary<string, string?>(More(more))
    {
        ["Webhooks:Sources:pms:Scheme"] = "hmac-sha256",
        ["Webhooks:Sources:pms:Secret"] = Secret,
        ["Webhooks:Sources:pms:TimeZone"] = "Europe/Berlin",
        ["Webhooks:Sources:pms:Events"] = "reservation.new=upsert, reservation.modified=upsert, reservation.cancelled=revoke, reservation.inquiry=ignore, 7=revoke",
        ["Webhooks:Sources:pms:Map:event"] = "$.event",
        ["Webhooks:Sources:pms:Map:reference"] = "$.reservation.id",
        ["Webhooks:Sources:pms:Map:version"] = "$.reservation.updated_at",
        ["Webhooks:Sources:pms:Map:acs_user_id"] = "$.reservation.seam_user",
        ["Webhooks:Sources:pms:Map:code"] = "$.reservation.door_code",
        ["Webhooks:Sources:pms:Map:starts_at"] = "$.reservation.arrival",
        ["Webhooks:Sources:pms:Map:ends_at"] = "$.reservation.departure",
    });

    private static IEnumerable<KeyValuePair<string, string?>> More((string Key, string? Value)[] more) =>
        more.Select(m => KeyValuePair.Create(m.Key, m.Value));

    private static JsonObject Delivery(JsonNode eventValue, JsonNode? id, string updatedAt, string code = "4821", string arrival = "2030-06-01", string departure = "2030-06-05") => new()
    {
        ["event"] = eventValue,
        ["reservation"] = new JsonObject
        {
            ["id"] = id,
            ["updated_at"] = updatedAt,
            ["seam_user"] = FakeSeamSeed.AcsUserId.ToString(),
            ["door_code"] = code,
            ["arrival"] = arrival,
            ["departure"] = departure,
            ["guest"] = new JsonObject { ["name"] = "Ada Lovelace" },
        },
    };

    private static Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(Adapter adapter, JsonObject payload) =>
        adapter.SendAsync(Senders.HmacSha256("pms", payload.ToJsonString(), Secret));

    [Fact]
    public async Task ABookingIsCreatedMovedAndCancelledByItsOwnEvents()
    {
        await using var adapter = await StartAsync();

        var created = await SendAsync(adapter, Delivery("reservation.new", 40117, "2030-05-01T10:00:00Z"));
        var recoded = await SendAsync(adapter, Delivery("reservation.modified", 40117, "2030-05-02T10:00:00Z", code: "9137"));
        var moved = await SendAsync(adapter, Delivery("reservation.modified", 40117, "2030-05-03T10:00:00Z", code: "9137", arrival: "2030-06-02"));
        var late = await SendAsync(adapter, Delivery("reservation.modified", 40117, "2030-05-02T12:00:00Z", code: "1111"));
        var cancelled = await SendAsync(adapter, Delivery("reservation.cancelled", 40117, "2030-05-04T10:00:00Z"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("40117", (string?)created.Body["reference"]); // a numeric PMS id, taken as its text
        Assert.Equal(DateTimeOffset.Parse("2030-06-01T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)created.Body["credential"]!["starts_at"]!, System.Globalization.CultureInfo.InvariantCulture)); // 15:00 in Berlin
        Assert.Equal(HttpStatusCode.OK, recoded.Status);
        Assert.Equal((string?)created.Body["credential"]!["acs_credential_id"], (string?)recoded.Body["credential"]!["acs_credential_id"]);
        Assert.Equal("9137", (string?)recoded.Body["credential"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal((string?)created.Body["credential"]!["acs_credential_id"], (string?)moved.Body["replaced_acs_credential_id"]);
        Assert.True((bool)late.Body["stale"]!);
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("revoked", (string?)cancelled.Body["status"]);
        Assert.Empty(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task AnEventTheListIgnoresOrDoesNotNameIsAnsweredAndNothingElse()
    {
        await using var adapter = await StartAsync();

        var inquiry = await SendAsync(adapter, Delivery("reservation.inquiry", "R-1", "2030-05-01T10:00:00Z"));
        var unknown = await SendAsync(adapter, Delivery("reservation.payment_received", "R-1", "2030-05-01T10:00:00Z"));

        foreach (var (status, body) in new[] { inquiry, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True((bool)body["ignored"]!);
        }

        Assert.Equal("reservation.payment_received", (string?)unknown.Body["event"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
        Assert.Contains("ignored: event reservation.inquiry asks for nothing", adapter.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANumericEventValueComparesAsItsJsonText()
    {
        await using var adapter = await StartAsync();
        await SendAsync(adapter, Delivery("reservation.new", "R-9", "2030-05-01T10:00:00Z"));

        var cancelled = await SendAsync(adapter, Delivery(7, "R-9", "2030-05-02T10:00:00Z"));

        Assert.Equal("revoked", (string?)cancelled.Body["status"]);
    }

    [Fact]
    public async Task AnUpsertOrRevokeWithoutAMappedReferenceIsA400NamingIt()
    {
        await using var adapter = await StartAsync();

        var upsert = await SendAsync(adapter, Delivery("reservation.new", null, "2030-05-01T10:00:00Z"));
        var revoke = await SendAsync(adapter, Delivery("reservation.cancelled", null, "2030-05-01T10:00:00Z"));

        foreach (var (status, body) in new[] { upsert, revoke })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(body["errors"]!["reference"]);
        }

        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task EventsWithoutAMappedEventStopStartUp()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:pms:Scheme"] = "hmac-sha256",
            ["Webhooks:Sources:pms:Secret"] = Secret,
            ["Webhooks:Sources:pms:Events"] = "new=upsert",
        }));

        Assert.Contains("Webhooks__Sources__pms__Events and Webhooks__Sources__pms__Map__event go together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultsFillWhatThePayloadLacksAndTheUnitChoosesTheEntrances()
    {
        await using var adapter = await StartAsync(
            ("Webhooks:Sources:pms:Map:acs_user_id", null),
            ("Webhooks:Sources:pms:Defaults:acs_user_id", FakeSeamSeed.AcsUserId.ToString()),
            ("Webhooks:Sources:pms:Map:unit", "$.reservation.listing_id"),
            ("Webhooks:Sources:pms:Units", $"101={FrontDoor}|{RoomDoor}, 102={FrontDoor}"));
        var delivery = Delivery("reservation.new", "R-31", "2030-05-01T10:00:00Z");
        delivery["reservation"]!.AsObject().Remove("seam_user");
        delivery["reservation"]!["listing_id"] = 101;
        var unknown = Delivery("reservation.new", "R-32", "2030-05-01T10:00:00Z");
        unknown["reservation"]!["listing_id"] = 999;

        var created = await SendAsync(adapter, delivery);
        var refused = await SendAsync(adapter, unknown);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var sent = adapter.Seam.State.Exchanges.Single(e => e.Path == "/acs/credentials/create" && e.Status == 200);
        var body = JsonNode.Parse(sent.RequestBody)!;
        Assert.Equal(FakeSeamSeed.AcsUserId.ToString(), (string?)body["acs_user_id"]);
        Assert.Equal([FrontDoor.ToString(), RoomDoor.ToString()], body["allowed_acs_entrance_ids"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("unknown_unit", (string?)refused.Body["code"]);
        Assert.False((bool)refused.Body["retryable"]!);
        Assert.Contains("names unit 999", adapter.AllLogText(), StringComparison.Ordinal);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }
}
