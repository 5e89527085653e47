using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Stays;

/// <summary>
/// <c>GET /api/stays</c>: the caller's stays overlapping a window, by start, paged and filtered, from the stored
/// records (no Seam call), never a PIN; on memory and Azurite (each test its own table: Azurite's outlive a test).
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class StaysApiTests(Azurite azurite)
{
    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task TheDefaultWindowListsStaysFromTwelveHoursAgoToTwoDaysAheadByStartWithoutAPin(string store)
    {
        await using var adapter = await StartAsync(store);
        var now = DateTimeOffset.UtcNow;
        var door = NewLock(adapter, "Front door");
        await MakeAsync(adapter, "in-house", now.AddHours(-30), now.AddHours(2), door); // began before the window, still on
        await MakeAsync(adapter, "tonight", now.AddHours(6), now.AddDays(3), door);
        await MakeAsync(adapter, "tomorrow", now.AddHours(30), now.AddDays(4), door);
        await MakeAsync(adapter, "next-week", now.AddDays(7), now.AddDays(9), door);
        var seamCalls = adapter.Seam.State.Exchanges.Count;

        var (status, page) = await ListAsync(adapter, "");
        var (_, later) = await ListAsync(adapter, $"?from={Iso(now.AddHours(3))}&to={Iso(now.AddDays(8))}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["in-house", "tonight", "tomorrow"], References(page));
        Assert.Equal(["tonight", "tomorrow", "next-week"], References(later)); // the stay in house ends before this window
        Assert.Equal(seamCalls, adapter.Seam.State.Exchanges.Count); // from the records alone
        Assert.Null(page["continuation"]);
        var item = page["stays"]![1]!;
        Assert.Equal(("access_code", "pending", "tonight"), ((string?)item["kind"], (string?)item["status"], (string?)item["name"]));
        Assert.Equal(door, (string?)item["doors"]![0]!["device_id"]);
        Assert.Equal("setting", (string?)item["doors"]![0]!["status"]);
        Assert.All(["in-house", "tonight", "tomorrow"], reference => Assert.DoesNotContain(PinOf(reference), page.ToJsonString()));
        Assert.DoesNotContain("\"code\"", page.ToJsonString());
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task PagesGiveEveryStayOnceWhileOtherStaysAreMadeAndRevokedBetweenThem(string store)
    {
        await using var adapter = await StartAsync(store);
        var now = DateTimeOffset.UtcNow;
        var door = NewLock(adapter);
        var made = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            made.Add($"stay-{i}");
            await MakeAsync(adapter, $"stay-{i}", now.AddHours(1 + (i * 3)), now.AddDays(5), door);
        }

        var seen = new List<string>();
        var (_, page) = await ListAsync(adapter, "?limit=3");
        seen.AddRange(References(page));
        await MakeAsync(adapter, "late-booking", now.AddHours(2), now.AddDays(5), door); // before the cursor: the next pages need not show it
        await MakeAsync(adapter, "later-booking", now.AddHours(40), now.AddDays(5), door); // after it: they do
        await ReadAsync(await adapter.DeleteAsync("stay-5"), HttpStatusCode.OK); // revoked, still listed as such
        while ((string?)page["continuation"] is { } next)
        {
            (_, page) = await ListAsync(adapter, "?limit=3&continuation=" + next);
            Assert.True(page["stays"]!.AsArray().Count <= 3);
            seen.AddRange(References(page));
        }

        Assert.Equal([.. made, "later-booking"], seen.Where(s => s != "late-booking"));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task EachStatusFiltersTheStaysInIt(string store)
    {
        await using var adapter = await StartAsync(store);
        var now = DateTimeOffset.UtcNow;
        var (front, back, garage) = (NewLock(adapter), NewLock(adapter), NewLock(adapter));
        var issued = CodeIds(await MakeAsync(adapter, "issued", now.AddHours(3), now.AddDays(2), front))[0];
        await adapter.SeamEventAsync("access_code.set_on_device", front, issued);
        var failed = CodeIds(await MakeAsync(adapter, "failed", now.AddHours(4), now.AddDays(2), back))[0];
        await adapter.SeamEventAsync("access_code.failed_to_set_on_device", back, failed);
        await MakeAsync(adapter, "pending", now.AddHours(5), now.AddDays(2), garage);
        await adapter.SeamEventAsync("device.disconnected", garage, null); // the pending stay is at risk too
        await MakeAsync(adapter, "revoked", now.AddHours(6), now.AddDays(2), front);
        await ReadAsync(await adapter.DeleteAsync("revoked"), HttpStatusCode.OK);
        await MakeAsync(adapter, "queued", now.AddHours(7), now.AddDays(2), front);
        adapter.Seam.State.Outage = new FakeSeamFault.Status(503, "service_unavailable", "Down for maintenance");
        using (var moved = await PutAsyncQueued(adapter, "queued", now.AddHours(8), now.AddDays(2), front))
            Assert.Equal(HttpStatusCode.Accepted, moved.StatusCode);

        var byStatus = new Dictionary<string, string[]>();
        foreach (var status in new[] { "issued", "pending", "failed", "at_risk", "queued", "revoked" })
            byStatus[status] = References((await ListAsync(adapter, "?status=" + status)).Page);
        var two = References((await ListAsync(adapter, "?status=failed&status=revoked")).Page);
        var queued = (await ListAsync(adapter, "?status=queued")).Page["stays"]![0]!["queued"]!;
        adapter.Seam.State.Outage = null;

        Assert.Equal(["issued"], byStatus["issued"]);
        Assert.Equal(["pending", "queued"], byStatus["pending"]);
        Assert.Equal(["failed"], byStatus["failed"]);
        Assert.Equal(["pending"], byStatus["at_risk"]);
        Assert.Equal(["queued"], byStatus["queued"]);
        Assert.Equal(["revoked"], byStatus["revoked"]);
        Assert.Equal(["failed", "revoked"], two);
        Assert.NotNull((string?)queued["next_attempt_at"]);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AMovedStayIsListedOnceAtItsNewStart(string store)
    {
        await using var adapter = await StartAsync(store);
        var now = DateTimeOffset.UtcNow;
        var door = NewLock(adapter);
        await MakeAsync(adapter, "first", now.AddHours(4), now.AddDays(3), door);
        await MakeAsync(adapter, "moving", now.AddHours(2), now.AddDays(3), door);
        await ReadAsync(await adapter.PutAsync("moving", Body("moving", now.AddHours(20), now.AddDays(3), door)), HttpStatusCode.OK);

        var (_, page) = await ListAsync(adapter, "");

        Assert.Equal(["first", "moving"], References(page));
        Assert.Equal(Iso(now.AddHours(20)).Replace("Z", ".000Z", StringComparison.Ordinal), (string?)page["stays"]![1]!["starts_at"]);
    }

    [Fact]
    public async Task AKeySeesOnlyItsOwnStaysAndAnUnknownSourceIsNotFound()
    {
        await using var adapter = await StartAsync("memory");
        var now = DateTimeOffset.UtcNow;
        var door = NewLock(adapter);
        using (var mine = await adapter.Http.SendAsync(Keyed(HttpMethod.Put, "api/credentials/keyed-stay", "key-a", Body("keyed-stay", now.AddHours(3), now.AddDays(2), door))))
            Assert.Equal(HttpStatusCode.Created, mine.StatusCode);

        var asA = await SendAsync(adapter, Keyed(HttpMethod.Get, "api/stays", "key-a"));
        var asB = await SendAsync(adapter, Keyed(HttpMethod.Get, "api/stays", "key-b"));
        var anonymous = await ListAsync(adapter, "");
        var unknownSource = await ListAsync(adapter, "?source=nope");

        Assert.Equal(["keyed-stay"], References(asA.Page));
        Assert.Empty(References(asB.Page));
        Assert.Empty(References(anonymous.Page));
        Assert.Equal(HttpStatusCode.NotFound, unknownSource.Status);
    }

    [Fact]
    public async Task ASourcesStaysAreListedWithItsSourceAndTimeZoneOnlyWhenAskedForAndWithoutTheGuest()
    {
        using var vault = new StubKeyVault();
        var profile = await PmsProfile.LoadAsync("lodgify", "settings-locks.json");
        await using var adapter = await profile.StartAsync(vault);
        var (status, _) = await profile.SendSampleAsync(adapter, "created.json"); // booking 3312045 for Ada Lovelace, 2030-07-10 at 16:00 in Madrid
        Assert.Equal(HttpStatusCode.Created, status);
        const string window = "from=2030-07-09T00:00:00Z&to=2030-07-12T00:00:00Z";

        var (_, theSource) = await ListAsync(adapter, "?source=lodgify&" + window);
        var (_, mine) = await ListAsync(adapter, "?" + window);

        var stay = Assert.Single(theSource["stays"]!.AsArray())!;
        Assert.Equal(("3312045", "lodgify", "Europe/Madrid"), ((string?)stay["reference"], (string?)stay["source"], (string?)stay["time_zone"]));
        Assert.Equal("2030-07-10T14:00:00.000Z", (string?)stay["starts_at"]);
        Assert.Empty(References(mine)); // the caller's own scope holds none of the source's
        Assert.DoesNotContain("Ada", theSource.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ada.lovelace", theSource.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z", "to")]
    [InlineData("?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?status=lost", "status")]
    [InlineData("?continuation=not-ours", "continuation")]
    public async Task ABadParameterIsA400NamingIt(string query, string field)
    {
        await using var adapter = await StartAsync("memory");

        var (status, body) = await ListAsync(adapter, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", (string?)body["code"]);
        Assert.NotNull(body["errors"]![field]);
    }

    private Task<Adapter> StartAsync(string store) =>
        SeamEventAdapter.StartAsync(azurite, store, null, ("Lifecycle:TableName", "Stays" + Guid.NewGuid().ToString("N")[..12]));

    private static async Task<JsonObject> MakeAsync(Adapter adapter, string reference, DateTimeOffset starts, DateTimeOffset ends, string door) =>
        await ReadAsync(await adapter.PutAsync(reference, Body(reference, starts, ends, door)), HttpStatusCode.Created);

    /// <summary>A stay with a PIN of its own (a lock refuses one PIN twice).</summary>
    private static JsonObject Body(string reference, DateTimeOffset starts, DateTimeOffset ends, string door) => LockStays.Stay(PinOf(reference), [door], Iso(starts), Iso(ends));

    private static Task<HttpResponseMessage> PutAsyncQueued(Adapter adapter, string reference, DateTimeOffset starts, DateTimeOffset ends, string door)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/credentials/{reference}")
        {
            Content = new StringContent(Body(reference, starts, ends, door).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Prefer", "respond-async");
        return adapter.Http.SendAsync(request);
    }

    private static HttpRequestMessage Keyed(HttpMethod method, string path, string key, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", key);
        return request;
    }

    private static Task<(HttpStatusCode Status, JsonObject Page)> ListAsync(Adapter adapter, string query) =>
        SendAsync(adapter, new HttpRequestMessage(HttpMethod.Get, "api/stays" + query));

    private static async Task<(HttpStatusCode Status, JsonObject Page)> SendAsync(Adapter adapter, HttpRequestMessage request)
    {
        using (request)
        using (var response = await adapter.Http.SendAsync(request))
            return (response.StatusCode, await Adapter.ReadJsonAsync(response));
    }

    private static string[] References(JsonObject page) => [.. page["stays"]!.AsArray().Select(s => (string)s!["reference"]!)];
}
