using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using Stay = SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Locks;

/// <summary>
/// One PIN on a unit's smart locks, through the DevServer over real HTTP against the fake Seam, with the records in
/// real Azurite and in memory: create on every door, all doors or none, move, change doors, switch kind, revoke, read.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class SmartLockTests(Azurite azurite)
{
    private Task<Adapter> StartAsync(string store) => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
        ["Seam:Timeout"] = "00:00:03",
        ["Idempotency:ReconcileAfter"] = "00:00:00",
    });

    private static string NewReference() => "stay-" + Guid.NewGuid().ToString("N")[..12];

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task OnePinIsPutOnEveryDoorAndAnsweredAsAccessCodes(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();

        using var created = await adapter.PutAsync(reference, Stay.Stay());

        var answer = await ReadAsync(created, HttpStatusCode.Created);
        var credential = answer["credential"]!;
        Assert.Equal("access_code", (string?)credential["kind"]);
        Assert.Equal("4821", (string?)credential["code"]);
        Assert.Equal(reference, (string?)credential["name"]); // the name defaults to the reference
        Assert.Equal("pending", (string?)credential["status"]);
        Assert.Equal([Stay.Front, Stay.Back], credential["access_codes"]!.AsArray().Select(c => (string?)c!["device_id"]));
        Assert.All(credential["access_codes"]!.AsArray(), c => Assert.Equal("setting", (string?)c!["status"]));
        Assert.Null(credential["acs_credential_id"]);
        Assert.Equal([(Stay.Front, "4821", reference), (Stay.Back, "4821", reference)], Stay.Held(adapter));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ACodeOnEveryDoorSetIsIssuedAndOneWithErrorsIsFailed(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        var ids = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));

        foreach (var id in ids)
            adapter.Seam.State.AlterCode(id, c => c["status"] = "set");
        var issued = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);
        adapter.Seam.State.AlterCode(ids[1], c => c["errors"] = new JsonArray(new JsonObject { ["error_code"] = "failed_to_set_on_device", ["message"] = "Lock offline" }));
        var failed = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);

        Assert.Equal("issued", (string?)issued["credential"]!["status"]);
        Assert.Equal("failed", (string?)failed["credential"]!["status"]);
        Assert.Equal("failed_to_set_on_device", (string?)failed["credential"]!["access_codes"]![1]!["errors"]![0]!["code"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task WhenOneDoorRefusesThePinNoDoorKeepsACodeFromTheRequest(string store)
    {
        await using var adapter = await StartAsync(store);
        await ReadAsync(await adapter.PutAsync("other-guest", Stay.Stay(code: "806142", devices: [Stay.Back])), HttpStatusCode.Created);

        using var refused = await adapter.PutAsync(NewReference(), Stay.Stay(code: "806142")); // the back door has this PIN already

        var problem = await ReadAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("upstream_rejected", (string?)problem["code"]);
        Assert.Equal(Stay.Back, (string?)problem["device_id"]);
        Assert.Equal("duplicate_access_code", (string?)problem["seam_error_type"]);
        Assert.DoesNotContain("806142", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([(Stay.Back, "806142", "other-guest")], Stay.Held(adapter)); // the front door's code was deleted
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnUnknownDeviceIsA404NamingItAndNothingIsLeft(string store)
    {
        await using var adapter = await StartAsync(store);

        using var refused = await adapter.PutAsync(NewReference(), Stay.Stay(devices: [Stay.Front, "no-such-lock"]));

        var problem = await ReadAsync(refused, HttpStatusCode.NotFound);
        Assert.Equal("device_not_found", (string?)problem["code"]);
        Assert.Equal("no-such-lock", (string?)problem["device_id"]);
        Assert.Empty(Stay.Held(adapter));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task MovingTheStayOrChangingThePinUpdatesEveryCodeInPlace(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        var ids = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));

        using var moved = await adapter.PutAsync(reference, Stay.Stay(code: "7391", starts: "2030-01-02T15:00:00Z", ends: "2030-01-04T11:00:00Z"));

        var answer = await ReadAsync(moved, HttpStatusCode.OK);
        Assert.Equal(ids, Stay.CodeIds(answer));
        Assert.Equal("7391", (string?)answer["credential"]!["code"]);
        Assert.All(adapter.Seam.State.AccessCodes, c =>
        {
            Assert.Equal("7391", (string?)c["code"]);
            Assert.Equal(DateTimeOffset.Parse("2030-01-02T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)c["starts_at"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(DateTimeOffset.Parse("2030-01-04T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)c["ends_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public async Task ACodeDeletedInTheLocksOwnAppIsPutBackWhenTheStayMoves()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        var ids = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));
        adapter.Seam.State.RemoveCodeForTest(ids[1]);

        using var moved = await adapter.PutAsync(reference, Stay.Stay(ends: "2030-01-04T11:00:00Z"));

        var answer = await ReadAsync(moved, HttpStatusCode.OK);
        Assert.Equal(ids[0], Stay.CodeIds(answer)[0]);
        Assert.NotEqual(ids[1], Stay.CodeIds(answer)[1]);
        Assert.Equal([(Stay.Front, "4821", reference), (Stay.Back, "4821", reference)], Stay.Held(adapter));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnotherSetOfDoorsKeepsTheSharedOnesAndAddsAndRemovesTheRest(string store)
    {
        await using var adapter = await StartAsync(store);
        adapter.Seam.State.Devices["garage-1"] = "Garage";
        var reference = NewReference();
        var before = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));
        adapter.Seam.State.AlterCode(before[1], c => c["status"] = "set"); // the back door's lock holds it

        using var changed = await adapter.PutAsync(reference, Stay.Stay(devices: [Stay.Back, "garage-1"]));

        var after = Stay.CodeIds(await ReadAsync(changed, HttpStatusCode.OK));
        Assert.Equal(before[1], after[0]); // the back door keeps its code
        Assert.Equal("set", (string?)adapter.Seam.State.AccessCodes.Single(c => (string?)c["access_code_id"] == before[1])["status"]); // not reprogrammed
        Assert.Equal([(Stay.Back, "4821", reference), ("garage-1", "4821", reference)], Stay.Held(adapter).OrderBy(h => h.Device == "garage-1"));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task SwitchingBetweenLocksAndAnAcsUserReplacesTheAccess(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created);

        var toCredential = await ReadAsync(await adapter.PutAsync(reference, ByReference.Stay()), HttpStatusCode.OK);
        var backToLocks = await ReadAsync(await adapter.PutAsync(reference, Stay.Stay(devices: [Stay.Front])), HttpStatusCode.OK);

        Assert.Equal("acs_credential", (string?)toCredential["credential"]!["kind"]);
        Assert.Equal("access_code", (string?)backToLocks["credential"]!["kind"]);
        Assert.Equal((string?)toCredential["credential"]!["acs_credential_id"], (string?)backToLocks["replaced_acs_credential_id"]);
        Assert.Empty(adapter.Seam.State.Credentials);
        Assert.Equal([(Stay.Front, "4821", reference)], Stay.Held(adapter));
    }

    [Fact]
    public async Task CodesWhoseStatusSeamCannotTellAreStillHeldNotGone()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        var ids = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));
        foreach (var id in ids)
            adapter.Seam.State.AlterCode(id, c => c["status"] = "unknown");

        var read = await ReadAsync(await adapter.Http.GetAsync($"api/credentials/{reference}"), HttpStatusCode.OK);

        Assert.Equal("pending", (string?)read["credential"]!["status"]); // not revoked: Seam still holds both codes
        Assert.All(read["credential"]!["access_codes"]!.AsArray(), c => Assert.Equal("unknown", (string?)c!["status"]));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task RevokingDeletesEveryCodeAndACodeSeamNoLongerKnowsCountsAsRemoved(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        var ids = Stay.CodeIds(await ReadAsync(await adapter.PutAsync(reference, Stay.Stay()), HttpStatusCode.Created));
        adapter.Seam.State.RemoveCodeForTest(ids[0]); // deleted in the lock's own app

        using var revoked = await adapter.DeleteAsync(reference);
        using var read = await adapter.Http.GetAsync($"api/credentials/{reference}");

        Assert.Equal("revoked", (string?)(await ReadAsync(revoked, HttpStatusCode.OK))["status"]);
        Assert.Equal("revoked", (string?)(await ReadAsync(read, HttpStatusCode.OK))["credential"]!["status"]);
        Assert.Empty(Stay.Held(adapter));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ATimeoutAfterTheFirstDoorGotItsCodeEndsWithOneCodePerDoor(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));

        using var timedOut = await adapter.PutAsync(reference, Stay.Stay());
        using var retried = await adapter.PutAsync(reference, Stay.Stay());

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        var answer = await ReadAsync(retried, HttpStatusCode.Created);
        Assert.Equal([Stay.Front, Stay.Back], answer["credential"]!["access_codes"]!.AsArray().Select(c => (string?)c!["device_id"])); // the request's order
        Assert.Equal([(Stay.Front, "4821", reference), (Stay.Back, "4821", reference)], Stay.Held(adapter));
    }

    [Theory]
    [InlineData("acs_user_id", "\"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63\"")]
    [InlineData("guest_key", "\"G-1\"")]
    [InlineData("acs_system_id", "\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\"")]
    [InlineData("allowed_acs_entrance_ids", "[]")]
    [InlineData("is_multi_phone_sync_credential", "true")]
    [InlineData("access_method", "\"card\"")]
    [InlineData("device_id", "\"x\"")]
    public async Task LocksWithAnAcsFieldOrBothDeviceFieldsAreA400NamingIt(string field, string value)
    {
        await using var adapter = await StartAsync("memory");
        var body = Stay.Stay();
        body[field] = JsonNode.Parse(value);

        using var refused = await adapter.PostAsync(body);

        Assert.NotNull((await ReadAsync(refused, HttpStatusCode.BadRequest))["errors"]![field]);
        Assert.Empty(Stay.Held(adapter));
    }

    [Theory]
    [InlineData("""{"deviceIds":[],"code":"1234"}""", "device_ids")]
    [InlineData("""{"device_ids":["a","b","c","d","e","f","g","h","i","j","k"],"code":"1234"}""", "device_ids")]
    [InlineData("""{"device_ids":["a","a"],"code":"1234"}""", "device_ids")]
    [InlineData("""{"device_ids":["has space"],"code":"1234"}""", "device_ids")]
    [InlineData("""{"acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","code":"1234","name":"Front"}""", "name")]
    public async Task MalformedLockRequestsAreA400NamingTheField(string json, string field)
    {
        await using var adapter = await StartAsync("memory");

        using var refused = await adapter.PostAsync(json);

        Assert.NotNull((await ReadAsync(refused, HttpStatusCode.BadRequest))["errors"]![field]);
    }

    [Fact]
    public async Task OneDeviceIdInCamelCaseAndANameWorkLikeDeviceIds()
    {
        await using var adapter = await StartAsync("memory");

        using var created = await adapter.PostAsync($$"""{"deviceId":"{{Stay.Front}}","code":"2468","name":"Guest Ada","reference":"{{NewReference()}}"}""");

        var answer = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal("Guest Ada", (string?)answer["credential"]!["name"]);
        Assert.Equal([(Stay.Front, "2468", "Guest Ada")], Stay.Held(adapter));
    }
}
