using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Events;

/// <summary>
/// Seam's own events at <c>/api/seam/events</c>, signed as Seam signs them (Svix), through the DevServer with the records
/// in memory and in Azurite: applied to the reference that holds the id, once per delivery, never older over newer.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class SeamEventTests(Azurite azurite)
{
    private const string Secret = "whsec_c2VhbS1ldmVudHMtc2lnbmluZy1zZWNyZXQ=";

    private Task<Adapter> StartAsync(string store, string? secret = Secret) => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
        ["Seam:WebhookSecret"] = secret,
    });

    private static string Event(string type, string? accessCodeId = null, string? acsCredentialId = null, string at = "2030-01-01T12:00:00Z") =>
        new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(),
            ["event_type"] = type,
            ["occurred_at"] = at,
            ["workspace_id"] = FakeSeamSeed.WorkspaceId.ToString(),
            ["access_code_id"] = accessCodeId,
            ["device_id"] = accessCodeId is null ? null : LockStays.Front,
            ["acs_credential_id"] = acsCredentialId,
            ["created_at"] = at,
        }.ToJsonString();

    private static async Task<(string Reference, IReadOnlyList<string> Codes)> LocksAsync(Adapter adapter)
    {
        var reference = "evt-" + Guid.NewGuid().ToString("N")[..10];
        var answer = await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay()), HttpStatusCode.Created);
        return (reference, LockStays.CodeIds(answer));
    }

    /// <summary>The record's own view, without a Seam call: the same PUT again answers from it.</summary>
    private static async Task<JsonObject> HeldAsync(Adapter adapter, string reference) =>
        (JsonObject)(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay()), HttpStatusCode.OK))["credential"]!;

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACodeSetOnEveryLockMakesThePinIssuedAndGetShowsTheLastEvent(string store)
    {
        await using var adapter = await StartAsync(store);
        var (reference, codes) = await LocksAsync(adapter);

        var first = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[0]), Secret));
        var halfway = await HeldAsync(adapter, reference);
        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[1]), Secret));
        var both = await HeldAsync(adapter, reference);
        var read = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);

        Assert.Equal((HttpStatusCode.OK, false), (first.Status, (bool)first.Body["ignored"]!));
        Assert.Equal("pending", (string?)halfway["status"]);
        Assert.Equal("issued", (string?)both["status"]);
        Assert.Equal("access_code.set_on_device", (string?)read["credential"]!["access_codes"]![0]!["last_event"]!["event_type"]);
        Assert.Equal("2030-01-01T12:00:00.000Z", (string?)read["credential"]!["access_codes"]![1]!["last_event"]!["occurred_at"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ALockThatFailedToSetTheCodeMakesThePinFailedAndAnOlderEventChangesNothing(string store)
    {
        await using var adapter = await StartAsync(store);
        var (reference, codes) = await LocksAsync(adapter);

        await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[1], at: "2030-01-01T12:00:00Z"), Secret));
        var older = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[1], at: "2030-01-01T11:59:00Z"), Secret));
        var held = await HeldAsync(adapter, reference);

        Assert.True((bool)older.Body["ignored"]!);
        Assert.Equal("failed", (string?)held["status"]);
        Assert.Equal("failed_to_set_on_device", (string?)held["access_codes"]![1]!["errors"]![0]!["code"]);
        Assert.Equal("access_code.failed_to_set_on_device", (string?)held["access_codes"]![1]!["last_event"]!["event_type"]);
    }

    [Fact]
    public async Task ACardIssuedInTheAccessSystemIsIssued()
    {
        await using var adapter = await StartAsync("memory");
        var card = Adapter.ValidRequest();
        card.Remove("code");
        card["access_method"] = "card";
        var created = await ReadAsync(await adapter.PutAsync("card-1", card), HttpStatusCode.Created);
        var id = (string)created["credential"]!["acs_credential_id"]!;

        await adapter.SendAsync(Senders.SeamEvent(Event("acs_credential.issued", acsCredentialId: id), Secret));

        Assert.Equal("pending", (string?)created["credential"]!["status"]);
        var held = (await ReadAsync(await adapter.PutAsync("card-1", card), HttpStatusCode.OK))["credential"]!;
        Assert.Equal("issued", (string?)held["status"]);
        Assert.Equal("acs_credential.issued", (string?)held["last_event"]!["event_type"]);
    }

    [Fact]
    public async Task TheSameDeliveryTwiceIsAppliedOnce()
    {
        await using var adapter = await StartAsync("memory");
        var (reference, codes) = await LocksAsync(adapter);

        var first = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", codes[0], at: "2030-01-01T12:00:00Z"), Secret, id: "msg_same"));
        var again = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.failed_to_set_on_device", codes[0], at: "2030-01-01T13:00:00Z"), Secret, id: "msg_same"));

        Assert.Equal(first.Body.ToJsonString(), again.Body.ToJsonString()); // its first answer, replayed
        Assert.Equal("access_code.set_on_device", (string?)(await HeldAsync(adapter, reference))["access_codes"]![0]!["last_event"]!["event_type"]);
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("wrong secret")]
    [InlineData("old timestamp")]
    [InlineData("unsigned")]
    public async Task AnEventNotSignedBySeamIsRefusedAndNothingIsApplied(string how)
    {
        await using var adapter = await StartAsync("memory");
        var (reference, codes) = await LocksAsync(adapter);
        var json = Event("access_code.failed_to_set_on_device", codes[0]);
        using var request = how switch
        {
            "wrong secret" => Senders.SeamEvent(json, "whsec_b3RoZXItc2VjcmV0LW9mLXNpeHRlZW4tYnl0ZXM="),
            "old timestamp" => Senders.SeamEvent(json, Secret, at: DateTimeOffset.UtcNow.AddMinutes(-6)),
            _ => Senders.SeamEvent(json, Secret),
        };
        if (how == "tampered")
            request.Content = new StringContent(json.Replace("failed_to_set", "set", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        if (how == "unsigned")
            request.Headers.Remove("svix-signature");

        var refused = await adapter.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("pending", (string?)(await HeldAsync(adapter, reference))["status"]);
    }

    [Theory]
    [InlineData("access_code.set_on_device", true)] // an id no record holds
    [InlineData("lock.locked", false)] // a type that changes nothing
    public async Task AnUnknownIdOrTypeIsAnsweredAndIgnored(string type, bool unknownId)
    {
        await using var adapter = await StartAsync("memory");
        var (_, codes) = await LocksAsync(adapter);

        var ignored = await adapter.SendAsync(Senders.SeamEvent(Event(type, unknownId ? Guid.NewGuid().ToString() : codes[0]), Secret));

        Assert.Equal(HttpStatusCode.OK, ignored.Status);
        Assert.True((bool)ignored.Body["ignored"]!);
    }

    [Fact]
    public async Task WithoutASecretTheRouteIsNotThere()
    {
        await using var adapter = await StartAsync("memory", secret: null);

        var missing = await adapter.SendAsync(Senders.SeamEvent(Event("access_code.set_on_device", Guid.NewGuid().ToString()), Secret));

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("not_found", (string?)missing.Body["code"]);
    }
}
