using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Lifecycle;

/// <summary>
/// PUT, DELETE and GET by reference through the DevServer over real HTTP, against the fake Seam, with the
/// records in real Azurite and in memory: every row of the contract.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class LifecycleTests(Azurite azurite)
{
    private Task<Adapter> StartAsync(string store) => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = store == "azurite" ? azurite.ConnectionString : null,
        ["Seam:Timeout"] = "00:00:03",
        ["Idempotency:Lease"] = "00:00:10",
        ["Idempotency:ReconcileAfter"] = "00:00:00",
    });

    private static string NewReference() => "booking-" + Guid.NewGuid().ToString("N")[..12];

    private static string IdOf(JsonObject answer) => (string)answer["credential"]!["acs_credential_id"]!;

    private static IEnumerable<string> LiveIds(Adapter adapter) => adapter.Seam.State.Credentials.Select(c => (string)c["acs_credential_id"]!);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnUnknownReferenceIsCreatedOnceAndAnIdenticalPutChangesNothing(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();

        using var created = await adapter.PutAsync(reference, Stay());
        using var again = await adapter.PutAsync(reference, Stay());

        var first = await ReadAsync(created, HttpStatusCode.Created);
        var second = await ReadAsync(again, HttpStatusCode.OK);
        Assert.Equal(IdOf(first), IdOf(second));
        Assert.Equal(reference, (string?)second["reference"]);
        Assert.Equal("4821", (string?)second["credential"]!["code"]);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
        Assert.Equal(0, adapter.Seam.State.Writes);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ANewCodeOrEndIsAnUpdateOfTheSameCredential(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());

        using var moved = await adapter.PutAsync(reference, Stay(code: "9137", ends: "2030-01-05T11:00:00Z"));

        var answer = await ReadAsync(moved, HttpStatusCode.OK);
        Assert.Equal(IdOf(await ReadAsync(created, HttpStatusCode.Created)), IdOf(answer));
        Assert.Equal("9137", (string?)answer["credential"]!["code"]);
        Assert.Null(answer["replaced_acs_credential_id"]);
        var live = Assert.Single(adapter.Seam.State.Credentials);
        Assert.Equal("9137", (string?)live["code"]);
        Assert.Equal(DateTimeOffset.Parse("2030-01-05T11:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)live["ends_at"]!, CultureInfo.InvariantCulture));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AMovedStartReplacesTheCredentialAndLeavesOnlyTheNewOne(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        var old = IdOf(await ReadAsync(created, HttpStatusCode.Created));

        using var moved = await adapter.PutAsync(reference, Stay(starts: "2030-01-02T15:00:00Z"));

        var answer = await ReadAsync(moved, HttpStatusCode.OK);
        Assert.Equal(old, (string?)answer["replaced_acs_credential_id"]);
        Assert.NotEqual(old, IdOf(answer));
        Assert.Equal([IdOf(answer)], LiveIds(adapter));
        Assert.Equal(DateTimeOffset.Parse("2030-01-02T15:00:00Z", CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)Assert.Single(adapter.Seam.State.Credentials)["starts_at"]!, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ARevokeDeletesTheCredentialAndItsRepeatAsksSeamNothing(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        var id = IdOf(await ReadAsync(created, HttpStatusCode.Created));

        using var revoked = await adapter.DeleteAsync(reference);
        var writes = adapter.Seam.State.Writes;
        using var again = await adapter.DeleteAsync(reference);
        using var read = await adapter.Http.GetAsync($"api/credentials/{reference}");

        var answer = await ReadAsync(revoked, HttpStatusCode.OK);
        Assert.Equal("revoked", (string?)answer["status"]);
        Assert.Equal(id, (string?)answer["acs_credential_id"]);
        Assert.Equal(reference, (string?)answer["reference"]);
        Assert.Empty(adapter.Seam.State.Credentials);
        Assert.Equal("revoked", (string?)(await ReadAsync(again, HttpStatusCode.OK))["status"]);
        Assert.Equal("revoked", (string?)(await ReadAsync(read, HttpStatusCode.OK))["credential"]!["status"]);
        Assert.Equal(writes, adapter.Seam.State.Writes);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AReinstatedBookingIsCreatedAnew(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        var old = IdOf(await ReadAsync(created, HttpStatusCode.Created));
        using var revoked = await adapter.DeleteAsync(reference);

        using var reinstated = await adapter.PutAsync(reference, Stay());

        var answer = await ReadAsync(reinstated, HttpStatusCode.Created);
        Assert.NotEqual(old, IdOf(answer));
        Assert.Equal([IdOf(answer)], LiveIds(adapter));
    }

    [Fact]
    public async Task AnUnknownReferenceIsNotFoundForGetAndDelete()
    {
        await using var adapter = await StartAsync("memory");

        using var read = await adapter.Http.GetAsync("api/credentials/" + NewReference());
        using var revoke = await adapter.DeleteAsync(NewReference());

        Assert.Equal("credential_not_found", (string?)(await ReadAsync(read, HttpStatusCode.NotFound))["code"]);
        Assert.Equal("credential_not_found", (string?)(await ReadAsync(revoke, HttpStatusCode.NotFound))["code"]);
        Assert.Equal(0, adapter.Seam.State.Writes);
    }

    [Fact]
    public async Task GetAsksSeamForTheFreshState()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        var card = Adapter.ValidRequest();
        card.Remove("code");
        card["access_method"] = "card";
        using var created = await adapter.PutAsync(reference, card);
        var pending = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal("pending", (string?)pending["credential"]!["status"]);
        adapter.Seam.State.Alter(IdOf(pending), credential =>
        {
            credential["is_issued"] = true;
            credential["warnings"] = new JsonArray();
        });

        using var read = await adapter.Http.GetAsync($"api/credentials/{reference}");

        var answer = await ReadAsync(read, HttpStatusCode.OK);
        Assert.Equal("issued", (string?)answer["credential"]!["status"]);
        Assert.Equal(reference, (string?)answer["reference"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnOlderVersionChangesNothingAndSaysStale(string store)
    {
        await using var adapter = await StartAsync(store);
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay(version: 5));
        await ReadAsync(created, HttpStatusCode.Created);

        using var olderPut = await adapter.PutAsync(reference, Stay(code: "7777", version: 3));
        using var olderDelete = await adapter.DeleteAsync(reference, version: 4);
        using var newerDelete = await adapter.DeleteAsync(reference, version: 6);
        using var olderPutAfter = await adapter.PutAsync(reference, Stay(version: 5));

        var stalePut = await ReadAsync(olderPut, HttpStatusCode.OK);
        Assert.True((bool)stalePut["stale"]!);
        Assert.Equal("4821", (string?)stalePut["credential"]!["code"]);
        var staleDelete = await ReadAsync(olderDelete, HttpStatusCode.OK);
        Assert.True((bool)staleDelete["stale"]!);
        Assert.Equal("issued", (string?)staleDelete["status"]); // not revoked: the delete was older
        Assert.Equal("revoked", (string?)(await ReadAsync(newerDelete, HttpStatusCode.OK))["status"]);
        var staleAfterRevoke = await ReadAsync(olderPutAfter, HttpStatusCode.OK);
        Assert.Equal("revoked", (string?)staleAfterRevoke["credential"]!["status"]);
        Assert.True((bool)staleAfterRevoke["stale"]!);
        Assert.Empty(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task EventTimesOrderEventsAndAVersionOfTheOtherKindIsRefused()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay(version: "2026-11-27T10:00:00Z"));
        await ReadAsync(created, HttpStatusCode.Created);

        using var older = await adapter.PutAsync(reference, Stay(code: "7777", version: "2026-11-27T09:59:59+00:00"));
        using var otherKind = await adapter.PutAsync(reference, Stay(code: "7777", version: 12));

        Assert.True((bool)(await ReadAsync(older, HttpStatusCode.OK))["stale"]!);
        Assert.NotNull((await ReadAsync(otherKind, HttpStatusCode.BadRequest))["errors"]!["version"]);
        Assert.Equal("4821", (string?)Assert.Single(adapter.Seam.State.Credentials)["code"]);
    }

    [Theory]
    [InlineData("bad reference")]
    [InlineData("booking%2F7")]
    [InlineData("b%C3%A9")]
    [InlineData("abc%0A")] // a trailing newline: "$" would match before it
    public async Task APathReferenceOutsideTheAllowedCharactersIsA400(string reference)
    {
        await using var adapter = await StartAsync("memory");

        using var put = await adapter.PutAsync(reference, Stay());
        using var read = await adapter.Http.GetAsync($"api/credentials/{reference}");

        Assert.NotNull((await ReadAsync(put, HttpStatusCode.BadRequest))["errors"]!["reference"]);
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ABodyReferenceMustEqualThePathsReference()
    {
        await using var adapter = await StartAsync("memory");
        var body = Stay();
        body["reference"] = "another-booking";

        using var put = await adapter.PutAsync(NewReference(), body);

        Assert.NotNull((await ReadAsync(put, HttpStatusCode.BadRequest))["errors"]!["reference"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task APostedReferenceIsManagedByPutAndDeleteAfterwards()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        var body = Stay();
        body["reference"] = reference;
        using var posted = await adapter.PostAsync(body);
        var id = IdOf(await ReadAsync(posted, HttpStatusCode.Created));

        using var identical = await adapter.PutAsync(reference, Stay());
        using var revoked = await adapter.DeleteAsync(reference);

        Assert.Equal(id, IdOf(await ReadAsync(identical, HttpStatusCode.OK)));
        Assert.Equal(id, (string?)(await ReadAsync(revoked, HttpStatusCode.OK))["acs_credential_id"]);
        Assert.Empty(adapter.Seam.State.Credentials);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task TwoWritesAtOnceNeverBothReachSeam()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        await ReadAsync(created, HttpStatusCode.Created);
        var gate = new FakeSeamFault.Gate();
        adapter.Seam.State.EnqueueFault("update", gate);

        var slow = adapter.PutAsync(reference, Stay(code: "1111"));
        await gate.Arrived; // the PUT holds the reference and its update is at Seam
        using var meanwhile = await adapter.DeleteAsync(reference);
        gate.Open();
        using var first = await slow;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var conflict = await ReadAsync(meanwhile, HttpStatusCode.Conflict);
        Assert.Equal("idempotency_in_progress", (string?)conflict["code"]);
        Assert.True(meanwhile.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(1, adapter.Seam.State.Writes);
    }

    [Fact]
    public async Task AnUpdateThatTimedOutAfterSeamActedIsSentOnceMore()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        await ReadAsync(created, HttpStatusCode.Created);
        adapter.Seam.State.EnqueueFault("update", new FakeSeamFault.Reset(CreateFirst: true));

        using var updated = await adapter.PutAsync(reference, Stay(code: "2468"));

        Assert.Equal("2468", (string?)(await ReadAsync(updated, HttpStatusCode.OK))["credential"]!["code"]);
        Assert.Equal(2, adapter.Seam.State.Writes);
        Assert.Equal("2468", (string?)Assert.Single(adapter.Seam.State.Credentials)["code"]);
    }

    [Fact]
    public async Task ADeleteWhoseAnswerWasLostCountsAsRevokedWhenSeamNoLongerHasIt()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        await ReadAsync(created, HttpStatusCode.Created);
        adapter.Seam.State.EnqueueFault("delete", new FakeSeamFault.Reset(CreateFirst: true));

        using var revoked = await adapter.DeleteAsync(reference);

        Assert.Equal("revoked", (string?)(await ReadAsync(revoked, HttpStatusCode.OK))["status"]);
        Assert.Empty(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task WhenTheReplacementIsRefusedTheOldPinIsGoneAndACorrectedPutCreates()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        await ReadAsync(created, HttpStatusCode.Created);

        using var refused = await adapter.PutAsync(reference, Stay(code: "12", starts: "2030-01-02T15:00:00Z")); // too short for the lock
        using var read = await adapter.Http.GetAsync($"api/credentials/{reference}");
        using var corrected = await adapter.PutAsync(reference, Stay(code: "1234", starts: "2030-01-02T15:00:00Z"));

        Assert.Equal("upstream_rejected", (string?)(await ReadAsync(refused, HttpStatusCode.UnprocessableEntity))["code"]);
        Assert.Equal("credential_not_found", (string?)(await ReadAsync(read, HttpStatusCode.NotFound))["code"]);
        var answer = await ReadAsync(corrected, HttpStatusCode.Created);
        Assert.Equal([IdOf(answer)], LiveIds(adapter));
    }

    [Fact]
    public async Task AReplacementWhoseCreateTimedOutIsFinishedByTheRetryWithoutASecondCredential()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        using var created = await adapter.PutAsync(reference, Stay());
        var old = IdOf(await ReadAsync(created, HttpStatusCode.Created));
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Reset(CreateFirst: true));

        using var interrupted = await adapter.PutAsync(reference, Stay(starts: "2030-01-02T15:00:00Z"));
        using var pending = await adapter.Http.GetAsync($"api/credentials/{reference}");
        using var retried = await adapter.PutAsync(reference, Stay(starts: "2030-01-02T15:00:00Z"));

        Assert.Equal(HttpStatusCode.BadGateway, interrupted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        var answer = await ReadAsync(retried, HttpStatusCode.OK);
        Assert.Equal(old, (string?)answer["replaced_acs_credential_id"]);
        Assert.Equal([IdOf(answer)], LiveIds(adapter));
        Assert.Equal(2, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ReconcilingNeverAdoptsAnotherReferencesCredential(string store)
    {
        // Found by the sequence test: two bookings of one guest with the same PIN and dates look alike to Seam.
        await using var adapter = await StartAsync(store);
        using var first = await adapter.PutAsync(NewReference(), Stay());
        var taken = IdOf(await ReadAsync(first, HttpStatusCode.Created));
        var other = NewReference();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "service_unavailable", "Try again"));

        using var ambiguous = await adapter.PutAsync(other, Stay());
        using var retried = await adapter.PutAsync(other, Stay());

        Assert.Equal(HttpStatusCode.BadGateway, ambiguous.StatusCode);
        Assert.NotEqual(taken, IdOf(await ReadAsync(retried, HttpStatusCode.Created)));
        Assert.Equal(2, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task APutAfterAnUnfinishedCreateThatSeamThenRefusesCreatesTheNewBody()
    {
        await using var adapter = await StartAsync("memory");
        var reference = NewReference();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Reset(CreateFirst: false));
        using var interrupted = await adapter.PutAsync(reference, Stay(code: "12")); // too short: Seam will refuse it

        using var corrected = await adapter.PutAsync(reference, Stay(code: "1234"));

        Assert.Equal(HttpStatusCode.BadGateway, interrupted.StatusCode);
        var answer = await ReadAsync(corrected, HttpStatusCode.Created);
        Assert.Equal("1234", (string?)answer["credential"]!["code"]);
        Assert.Equal([IdOf(answer)], LiveIds(adapter));
    }
}
