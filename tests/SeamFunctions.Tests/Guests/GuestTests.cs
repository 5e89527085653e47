using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.FakeSeam;
using SeamFunctions.Guests;
using SeamFunctions.Tests.Support;
using SeamFunctions.Validation;

namespace SeamFunctions.Tests.Guests;

/// <summary>
/// Guests a PMS knows only by its own id, and PINs it does not choose: through the DevServer over real HTTP,
/// the fake Seam holding the user identities.
/// </summary>
public sealed class GuestTests
{
    private const string Secret = "pms-guests-secret-51ab";
    private const string Name = "Ada Lovelace";
    private const string Email = "ada.lovelace@example.com";
    private const string Phone = "+15555550123";
    private static readonly string[] Guessable = ["0000", "1234", "9876", "456789", "3210"];
    private static readonly string[] NotGuessable = ["1235", "2468", "1212", "0912"];

    private static Task<Adapter> StartAsync() => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["Webhooks:Sources:pms:Scheme"] = "hmac-sha256",
        ["Webhooks:Sources:pms:Secret"] = Secret,
        ["Webhooks:Sources:pms:TimeZone"] = "Europe/Berlin",
        ["Webhooks:Sources:pms:Events"] = "new=upsert,modified=upsert,cancelled=revoke",
        ["Webhooks:Sources:pms:Map:event"] = "$.event",
        ["Webhooks:Sources:pms:Map:reference"] = "$.booking.id",
        ["Webhooks:Sources:pms:Map:guest_key"] = "$.booking.guest.id",
        ["Webhooks:Sources:pms:Map:guest_full_name"] = "$.booking.guest.name",
        ["Webhooks:Sources:pms:Map:guest_email"] = "$.booking.guest.email",
        ["Webhooks:Sources:pms:Map:guest_phone"] = "$.booking.guest.phone",
        ["Webhooks:Sources:pms:Map:starts_at"] = "$.booking.arrival",
        ["Webhooks:Sources:pms:Map:ends_at"] = "$.booking.departure",
        ["Webhooks:Sources:pms:Defaults:acs_system_id"] = FakeSeamSeed.AcsSystemId.ToString(),
        ["Webhooks:Sources:pms:CodeLength"] = "6",
    });

    private static JsonObject Booking(string eventName, JsonNode? booking, long guest, string arrival = "2030-06-01", string departure = "2030-06-04") => new()
    {
        ["event"] = eventName,
        ["booking"] = new JsonObject
        {
            ["id"] = booking,
            ["arrival"] = arrival,
            ["departure"] = departure,
            ["guest"] = new JsonObject { ["id"] = guest, ["name"] = Name, ["email"] = Email, ["phone"] = Phone },
        },
    };

    private static Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(Adapter adapter, JsonObject payload) =>
        adapter.SendAsync(Senders.HmacSha256("pms", payload.ToJsonString(), Secret));

    [Fact]
    public async Task AGuestWithoutASeamIdGetsOneIdentityAndAGeneratedPinKeptForTheStay()
    {
        await using var adapter = await StartAsync();

        var created = await SendAsync(adapter, Booking("new", 9001, guest: 77));
        var redelivered = await SendAsync(adapter, Booking("new", 9001, guest: 77));
        var moved = await SendAsync(adapter, Booking("modified", 9001, guest: 77, departure: "2030-06-06"));
        var secondStay = await SendAsync(adapter, Booking("new", 9002, guest: 77, arrival: "2030-07-01", departure: "2030-07-03"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var pin = (string)created.Body["credential"]!["code"]!;
        Assert.Matches("^[0-9]{6}$", pin);
        Assert.False(PinCodes.IsGuessable(pin));
        Assert.Equal(pin, (string?)redelivered.Body["credential"]!["code"]); // the same delivery, the same PIN
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal(pin, (string?)moved.Body["credential"]!["code"]); // a missing code is no change
        Assert.Equal((string?)created.Body["credential"]!["acs_credential_id"], (string?)moved.Body["credential"]!["acs_credential_id"]);
        Assert.Equal(HttpStatusCode.Created, secondStay.Status);
        var identity = Assert.Single(adapter.Seam.State.UserIdentities.Values);
        Assert.Equal("77", (string?)identity["user_identity_key"]);
        Assert.Equal(Name, (string?)identity["full_name"]);
        Assert.Equal(1, adapter.Seam.State.IdentityCreates);
        Assert.All(adapter.Seam.State.Credentials, c => Assert.Equal((string?)identity["user_identity_id"], (string?)c["user_identity_id"]));
        var logs = adapter.AllLogText();
        foreach (var personal in new[] { Name, Email, Phone, pin })
            Assert.DoesNotContain(personal, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoDeliveriesRacingOnOneNewGuestEndWithOneIdentity()
    {
        await using var adapter = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SendAsync(adapter, Booking("new", 9100 + i, guest: 88))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(adapter.Seam.State.UserIdentities.Values);
        Assert.Equal(6, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task APinCannotBeGeneratedWithoutAReferenceToKeepItBy()
    {
        await using var adapter = await StartAsync();

        var refused = await SendAsync(adapter, Booking("new", null, guest: 5));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Body["errors"]!["reference"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public void GeneratedPinsAreNeverOneDigitNorAStraightRun()
    {
        for (var i = 0; i < 20_000; i++)
        {
            var pin = PinCodes.Generate(4);
            Assert.Equal(4, pin.Length);
            Assert.True(pin.All(char.IsAsciiDigit));
            Assert.False(PinCodes.IsGuessable(pin), pin);
        }

        Assert.All(Guessable, pin => Assert.True(PinCodes.IsGuessable(pin), pin));
        Assert.All(NotGuessable, pin => Assert.False(PinCodes.IsGuessable(pin), pin));
    }

    [Theory]
    [InlineData("""{"guest_key":"g-1","acs_system_id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","code":"4821","guest_phone":"555-0123"}""", "guest_phone")]
    [InlineData("""{"guest_key":"g-1","acs_system_id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","code":"4821","guest_email":"not-an-email"}""", "guest_email")]
    [InlineData("""{"guest_full_name":"Ada","acs_system_id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","code":"4821"}""", "guest_key")]
    [InlineData("""{"guest_key":"g-1","code":"4821"}""", "acs_system_id")]
    [InlineData("""{"guest_key":"g-1","user_identity_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","acs_system_id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","code":"4821"}""", "guest_key")]
    public void AGuestIsRefusedNamingWhatToFix(string json, string field)
    {
        var parser = new AccessRequestParser(new FakeTimeProvider(DateTimeOffset.UtcNow));

        var result = parser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(result.Errors?.Has(field), string.Join("; ", result.Errors?.ToDictionary().Keys.ToArray() ?? []));
        Assert.DoesNotContain("555-0123", string.Join(" ", result.Errors!.ToDictionary().SelectMany(e => e.Value)), StringComparison.Ordinal);
    }
}
