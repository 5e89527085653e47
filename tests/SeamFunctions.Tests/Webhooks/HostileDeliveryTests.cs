using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>
/// Deliveries as a hostile sender or a careless operator makes them, against the ready profiles of docs/pms: a
/// resend after a cancellation, bodies that cannot be read, units that are missing or not listed, huge event values.
/// </summary>
public sealed class HostileDeliveryTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<(PmsProfile Profile, StubKeyVault Vault, Adapter Adapter)> StartAsync(string pms, params (string Key, string? Value)[] more)
    {
        var profile = await PmsProfile.LoadAsync(pms);
        var vault = new StubKeyVault();
        return (profile, vault, await profile.StartAsync(vault, more));
    }

    [Theory]
    [InlineData("lodgify")] // hmac-sha256 over the body, no version mapped
    [InlineData("hostaway")] // basic, no version mapped
    [InlineData("guesty")] // Svix: a retry carries the same signed id
    public async Task AResentBookingReplaysItsFirstAnswerAndNeverBringsBackACancelledPin(string pms)
    {
        var (profile, vault, adapter) = await StartAsync(pms);
        using (vault)
        await using (adapter)
        {
            var booking = await profile.SampleAsync("created.json");
            using var first = profile.Delivery(booking, deliveryId: "msg_first");
            var created = await adapter.SendAsync(first);
            var cancelled = await profile.SendSampleAsync(adapter, "cancelled.json");

            var resent = await adapter.SendAsync(profile.Delivery(booking, deliveryId: "msg_first"));

            Assert.Equal(HttpStatusCode.Created, created.Status);
            Assert.Equal("revoked", (string?)cancelled.Body["status"]);
            Assert.Equal(HttpStatusCode.Created, resent.Status);
            Assert.Equal(created.Body.ToJsonString(), resent.Body.ToJsonString()); // its first answer, replayed
            Assert.Empty(adapter.Seam.State.Credentials); // and nothing brought back
            Assert.Equal(1, adapter.Seam.State.CreateRequests);
        }
    }

    [Fact]
    public async Task ASharedTokenSendersResentBookingIsReplayedToo()
    {
        var (profile, vault, adapter) = await StartAsync("lodgify",
            ("Webhooks:Sources:lodgify:Scheme", "shared-token"), ("Webhooks:Sources:lodgify:Header", "X-Token"));
        using (vault)
        await using (adapter)
        {
            HttpRequestMessage Send(string json)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "api/sources/lodgify/credentials") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Token", PmsProfile.LodgifySecret);
                return request;
            }

            var booking = await profile.SampleAsync("created.json");
            var created = await adapter.SendAsync(Send(booking));
            var cancelled = await adapter.SendAsync(Send(await profile.SampleAsync("cancelled.json")));
            var resent = await adapter.SendAsync(Send(booking));

            Assert.Equal(HttpStatusCode.Created, created.Status);
            Assert.Equal("revoked", (string?)cancelled.Body["status"]);
            Assert.Equal(created.Body.ToJsonString(), resent.Body.ToJsonString());
            Assert.Empty(adapter.Seam.State.Credentials);
        }
    }

    [Fact]
    public async Task AReinstatedBookingWithNewBytesGetsItsPinAgain()
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            var booking = Parse(await profile.SampleAsync("created.json"));
            await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));
            await profile.SendSampleAsync(adapter, "cancelled.json");
            booking["action"] = "booking_rebooked"; // the PMS's own later delivery: other bytes

            var reinstated = await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));

            Assert.Equal(HttpStatusCode.Created, reinstated.Status);
            Assert.Single(adapter.Seam.State.Credentials);
        }
    }

    [Theory]
    [InlineData("""{"booking":{"id":3312045,"status":"Declined","property_id":1000},"guest":{"name":"Grace \ud83d"}}""")] // a lone surrogate
    [InlineData("""{"booking":{"id":3312045,"status":"Declined","property_id":10""")] // cut short
    [InlineData("status=Declined&id=3312045")] // not JSON at all
    [InlineData("""[{"booking":{"id":3312045,"status":"Declined"}}]""")] // JSON, not an object
    public async Task ADeliveryThatCannotBeReadIsRefusedNeverIgnored(string unreadable)
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            await profile.SendSampleAsync(adapter, "created.json");

            var refused = await adapter.SendAsync(profile.Delivery(unreadable));

            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("invalid_json", (string?)refused.Body["code"]);
            Assert.Null(refused.Body["ignored"]);
            Assert.Single(adapter.Seam.State.Credentials); // the sender retries; the cancellation is not lost
        }
    }

    [Theory]
    [InlineData(null, false)] // no unit field
    [InlineData("null", false)]
    [InlineData("999", false)] // not in Units
    [InlineData("999", true)] // not in Units, with the payload's own entrances
    public async Task ACreateWhoseUnitIsMissingOrUnlistedIsRefusedEvenWithEntrancesInThePayload(string? unit, bool payloadEntrances)
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            var booking = Parse(await profile.SampleAsync("created.json"));
            var details = booking["booking"]!.AsObject();
            details.Remove("property_id");
            if (unit is not null)
                details["property_id"] = JsonNode.Parse(unit);
            if (payloadEntrances)
                booking["allowed_acs_entrance_ids"] = new JsonArray("0f1e2d3c-4b5a-4968-8776-655443322110");

            var refused = await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Equal("unknown_unit", (string?)refused.Body["code"]);
            Assert.Equal(0, adapter.Seam.State.CreateRequests);
        }
    }

    [Fact]
    public async Task AListedUnitsEntrancesAreTheOnlyOnesSentNotThePayloads()
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            var booking = Parse(await profile.SampleAsync("created.json"));
            booking["allowed_acs_entrance_ids"] = new JsonArray("0f1e2d3c-4b5a-4968-8776-655443322110");

            var created = await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));

            Assert.Equal(HttpStatusCode.Created, created.Status);
            var sent = JsonNode.Parse(adapter.Seam.State.Exchanges.Last(e => e.Path == "/acs/credentials/create").RequestBody)!;
            Assert.Equal(["5b1f8a3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b"], sent["allowed_acs_entrance_ids"]!.AsArray().Select(e => (string?)e));
        }
    }

    [Fact]
    public async Task ACancellationNamingAnUnlistedUnitStillRevokes()
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            await profile.SendSampleAsync(adapter, "created.json");
            var cancellation = Parse(await profile.SampleAsync("cancelled.json"));
            cancellation["booking"]!["property_id"] = 999;

            var cancelled = await adapter.SendAsync(profile.Delivery(cancellation.ToJsonString()));

            Assert.Equal(HttpStatusCode.OK, cancelled.Status);
            Assert.Equal("revoked", (string?)cancelled.Body["status"]);
            Assert.Empty(adapter.Seam.State.Credentials);
        }
    }

    [Fact]
    public async Task AnIgnoredEventsValueIsEchoedAndLoggedAsAShortSingleLine()
    {
        var (profile, vault, adapter) = await StartAsync("lodgify");
        using (vault)
        await using (adapter)
        {
            var booking = Parse(await profile.SampleAsync("created.json"));
            var huge = "Inquiry\n" + new string('x', 60_000);
            booking["booking"]!["status"] = huge;

            var ignored = await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));

            Assert.Equal(HttpStatusCode.OK, ignored.Status);
            Assert.True((bool)ignored.Body["ignored"]!);
            Assert.Equal("Inquiry…", (string?)ignored.Body["event"]);
            Assert.DoesNotContain(new string('x', 100), adapter.AllLogText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("١٥")] // Arabic-Indic digits
    [InlineData("１５:００")] // full-width
    [InlineData("१०")] // Devanagari
    public async Task ACheckInTimeInDigitsOtherThanAsciiIsA400NotA500(string time)
    {
        var (profile, vault, adapter) = await StartAsync("hostaway");
        using (vault)
        await using (adapter)
        {
            var booking = Parse(await profile.SampleAsync("created.json"));
            booking["data"]!["checkInTime"] = time;

            var refused = await adapter.SendAsync(profile.Delivery(booking.ToJsonString()));

            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.NotNull(refused.Body["errors"]!["check_in_time"]);
        }
    }
}
