using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using Grant = SeamFunctions.Tests.Support.GrantStays;

namespace SeamFunctions.Tests.Grants;

/// <summary>
/// Seam's access grants (<c>Seam__AccessModel=grants</c>) through the HTTP routes against the fake Seam, records on
/// memory and Azurite: one create for every door, spaces, phone keys, replays and ambiguous failures, the stay's
/// lifecycle by reference, and requests a grant cannot take.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class AccessGrantTests(Azurite azurite)
{
    private static string NewReference() => "grant-" + Guid.NewGuid().ToString("N")[..12];

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task APinOnTwoDoorsIsOneGrantMadeWithOneSeamCall(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();

        var answer = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);

        var credential = answer["credential"]!;
        Assert.Equal("access_grant", (string?)credential["kind"]);
        Assert.Equal("4821", (string?)credential["code"]);
        Assert.Equal("pending", (string?)credential["status"]);
        var method = Assert.Single(credential["access_methods"]!.AsArray());
        Assert.Equal(("code", "4821", false), ((string?)method!["mode"], (string?)method["code"], (bool?)method["is_issued"]));
        Assert.Null(method["instant_key_url"]);
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests);
        var sent = JsonNode.Parse(adapter.Seam.State.Exchanges.Single(e => e.Path == "/access_grants/create").RequestBody)!;
        Assert.Equal([LockStays.Front, LockStays.Back], sent["device_ids"]!.AsArray().Select(d => (string?)d));
        Assert.Equal(reference, (string?)sent["reservation_key"]);
        Assert.StartsWith("sf1_", (string?)sent["access_grant_key"], StringComparison.Ordinal);
        Assert.DoesNotContain(reference, (string?)sent["access_grant_key"], StringComparison.Ordinal);
        Assert.Equal(Grant.GrantId(answer), (string?)Assert.Single(Grant.Live(adapter))["access_grant_id"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ASpaceWithAPhoneKeyAnswersTheKeysLinkAndSeamsPinAndNeitherIsLogged(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);

        var reference = NewReference();
        var answer = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(code: null, spaces: [Grant.Space], mobileKey: true)), HttpStatusCode.Created);
        var stays = await ReadAsync(await adapter.Http.GetAsync("api/stays?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z&limit=200"), HttpStatusCode.OK);

        var methods = answer["credential"]!["access_methods"]!.AsArray();
        var pin = (string?)methods.Single(m => (string?)m!["mode"] == "code")!["code"];
        var link = (string?)methods.Single(m => (string?)m!["mode"] == "mobile_key")!["instant_key_url"];
        Assert.Matches("^[0-9]{6}$", pin); // Seam made it
        Assert.Equal(pin, (string?)answer["credential"]!["code"]);
        Assert.StartsWith("https://se.am/", link, StringComparison.Ordinal);
        Assert.Null(methods.Single(m => (string?)m!["mode"] == "mobile_key")!["code"]);
        var sent = JsonNode.Parse(adapter.Seam.State.Exchanges.Single(e => e.Path == "/access_grants/create").RequestBody)!;
        Assert.Equal([Grant.Space], sent["space_ids"]!.AsArray().Select(s => (string?)s));
        Assert.Null(sent["device_ids"]);
        var listed = stays["stays"]!.AsArray().Single(stay => (string?)stay!["reference"] == reference)!;
        Assert.Equal("access_grant", (string?)listed["kind"]);
        Assert.Equal([("pending", null)], listed["doors"]!.AsArray().Select(d => ((string?)d!["status"], (string?)d["device_id"]))); // a space: the grant as one
        Assert.DoesNotContain(link!, stays.ToJsonString(), StringComparison.Ordinal);
        var logged = string.Join('\n', adapter.Logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception));
        Assert.DoesNotContain(link!, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(pin!, logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task TheSameRequestAgainAnswersTheSameGrantWithoutASecondCreate(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        var first = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);

        var again = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.OK);

        Assert.Equal(Grant.GrantId(first), Grant.GrantId(again));
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ATimeoutAfterSeamMadeTheGrantThenARetryFindsItByKeyAndMakesNoSecond(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        adapter.Seam.State.EnqueueFault("access_grants/create", new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));

        using var timedOut = await adapter.PutAsync(reference, Grant.Stay());
        var retried = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests); // the fake would have taken a second one with the same key
        Assert.Equal(Grant.GrantId(retried), (string?)Assert.Single(Grant.Live(adapter))["access_grant_id"]);
        Assert.Contains(adapter.Seam.State.Exchanges, e => e.Path == "/access_grants/list" && e.RequestBody.Contains("access_grant_key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task APostWithAnIdempotencyKeyThatTimedOutAfterSeamActedIsRetriedIntoTheOneGrantItMade(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var body = Grant.Stay(code: "5813").ToJsonString();
        HttpRequestMessage Post() => new(HttpMethod.Post, "api/credentials")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "order-" + store + "-" + body.GetHashCode(StringComparison.Ordinal) } },
        };
        adapter.Seam.State.EnqueueFault("access_grants/create", new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));

        using var timedOut = await adapter.Http.SendAsync(Post());
        var retried = await ReadAsync(await adapter.Http.SendAsync(Post()), HttpStatusCode.Created);
        var replayed = await ReadAsync(await adapter.Http.SendAsync(Post()), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.Equal(Grant.GrantId(retried), (string?)Assert.Single(Grant.Live(adapter))["access_grant_id"]);
        Assert.Equal(Grant.GrantId(retried), Grant.GrantId(replayed));
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AMovedStayKeepsItsGrantAndANewPinReplacesOnlyTheCode(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(mobileKey: true)), HttpStatusCode.Created);
        var phoneKey = (string?)created["credential"]!["access_methods"]!.AsArray().Single(m => (string?)m!["mode"] == "mobile_key")!["access_method_id"];

        var moved = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(mobileKey: true, ends: "2030-01-04T11:00:00Z")), HttpStatusCode.OK);
        var repinned = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(code: "7391", mobileKey: true, ends: "2030-01-04T11:00:00Z").Also("name", "Suite 12")), HttpStatusCode.OK);

        var grant = Assert.Single(Grant.Live(adapter));
        Assert.Equal([Grant.GrantId(created)], new[] { Grant.GrantId(moved), Grant.GrantId(repinned) }.Distinct());
        Assert.Equal("2030-01-04T11:00:00.000Z", (string?)grant["ends_at"]);
        Assert.Equal("Suite 12", (string?)grant["name"]);
        Assert.Equal(["7391"], Grant.Codes(adapter, Grant.GrantId(created))); // the old PIN is gone
        Assert.Equal("7391", (string?)repinned["credential"]!["code"]);
        Assert.Contains(repinned["credential"]!["access_methods"]!.AsArray(), m => (string?)m!["access_method_id"] == phoneKey); // the phone key stays
        Assert.Equal(1, adapter.Seam.State.Grants.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task OtherDoorsAreANewGrantAndTheOldOneIsDeleted(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);

        var moved = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(devices: [LockStays.Back])), HttpStatusCode.OK);

        Assert.NotEqual(Grant.GrantId(created), Grant.GrantId(moved));
        var live = Assert.Single(Grant.Live(adapter));
        Assert.Equal(Grant.GrantId(moved), (string?)live["access_grant_id"]);
        Assert.Equal("4821", (string?)moved["credential"]!["code"]);
        var keys = adapter.Seam.State.Exchanges.Where(e => e.Path == "/access_grants/create").Select(e => (string?)JsonNode.Parse(e.RequestBody)!["access_grant_key"]).ToList();
        Assert.Equal(2, keys.Distinct().Count()); // a new create generation, a new key
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AGrantDeletedOutsideTheAppIsMadeAgainByTheNextMove(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);
        Assert.True(adapter.Seam.State.Grants.Remove(Grant.GrantId(created), FakeSeamSeed.WorkspaceId)); // deleted in Seam's console

        var moved = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay(ends: "2030-01-05T11:00:00Z")), HttpStatusCode.OK);

        var live = Assert.Single(Grant.Live(adapter));
        Assert.Equal(Grant.GrantId(moved), (string?)live["access_grant_id"]);
        Assert.NotEqual(Grant.GrantId(created), Grant.GrantId(moved));
        Assert.Equal("2030-01-05T11:00:00.000Z", (string?)live["ends_at"]);
        Assert.Equal(["4821"], Grant.Codes(adapter, Grant.GrantId(moved)));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ARevokeDeletesTheGrantAndAGetReadsSeamsFreshStatus(string store)
    {
        await using var adapter = await Grant.StartAsync(azurite, store);
        var reference = NewReference();
        var created = await ReadAsync(await adapter.PutAsync(reference, Grant.Stay()), HttpStatusCode.Created);
        adapter.Seam.State.Grants.Issue(Grant.GrantId(created), "2029-12-31T12:00:00.000Z");

        var read = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);
        var revoked = await ReadAsync(await adapter.DeleteAsync(reference), HttpStatusCode.OK);
        var afterwards = await adapter.Http.GetAsync($"api/credentials/{reference}");

        Assert.Equal("issued", (string?)read["credential"]!["status"]);
        Assert.True((bool?)read["credential"]!["access_methods"]![0]!["is_issued"]);
        Assert.Equal(("revoked", Grant.GrantId(created)), ((string?)revoked["status"], (string?)revoked["access_grant_id"]));
        Assert.Empty(Grant.Live(adapter));
        Assert.Empty(adapter.Seam.State.Grants.Methods);
        Assert.Equal("revoked", (string?)(await Adapter.ReadJsonAsync(afterwards))["credential"]?["status"] ?? "revoked");
    }

    [Theory]
    [InlineData("""{"acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","device_ids":["8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70"],"code":"1234"}""", "acs_user_id")]
    [InlineData("""{"device_ids":["8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70"],"code":"123"}""", "code")]
    [InlineData("""{"device_ids":["8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70"],"code":"1234567890"}""", "code")]
    [InlineData("""{"code":"1234"}""", "device_ids")]
    [InlineData("""{"space_ids":[],"code":"1234"}""", "space_ids")]
    [InlineData("""{"space_ids":["not-a-uuid"]}""", "space_ids")]
    [InlineData("""{"device_ids":["8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70"],"access_method":"card"}""", "access_method")]
    public async Task ARequestAGrantCannotTakeIsA400NamingTheFieldAndReachesNoSeam(string body, string field)
    {
        await using var adapter = await Grant.StartAsync(azurite, "memory");

        using var response = await adapter.Http.PutAsync($"api/credentials/{NewReference()}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
        Assert.DoesNotContain("1234", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(adapter.Seam.State.Exchanges);
    }

    [Fact]
    public async Task UnderTheDirectModelAGrantsFieldsAreA400NamingTheSetting()
    {
        await using var adapter = await Adapter.StartAsync();

        using var response = await adapter.PutAsync(NewReference(), Grant.Stay(spaces: [Grant.Space], mobileKey: true));

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Seam__AccessModel=grants", (string?)problem["errors"]!["space_ids"]![0], StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["mobile_key"]);
        Assert.Empty(adapter.Seam.State.Exchanges);
    }
}
