using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Lifecycle;

/// <summary>The edges of dates and versions: a stay ending near year 9999, local times past it, a stale PUT on an emptied reference.</summary>
public sealed class LifecycleLimitsTests
{
    [Theory]
    [InlineData("9999-12-30T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task AStayEndingNearYear9999IsCreatedReadAndRevocable(string ends)
    {
        await using var adapter = await Adapter.StartAsync();

        using var created = await adapter.PutAsync("far-1", Stay(ends: ends));
        using var read = await adapter.Http.GetAsync("api/credentials/far-1");
        using var revoked = await adapter.Http.DeleteAsync("api/credentials/far-1");

        await ReadAsync(created, HttpStatusCode.Created);
        await ReadAsync(read, HttpStatusCode.OK);
        Assert.Equal("revoked", (string?)(await ReadAsync(revoked, HttpStatusCode.OK))["status"]);
        Assert.Empty(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task ALocalCheckOutThatLandsAfterYear9999InUtcIsA400()
    {
        await using var adapter = await Adapter.StartAsync();
        var body = Stay(ends: "9999-12-31");
        body["time_zone"] = "Pacific/Pago_Pago"; // UTC-11: 23:00 there is 10000-01-01 in UTC
        body["check_out_time"] = "23:00";

        using var refused = await adapter.PostAsync(body);

        Assert.NotNull((await ReadAsync(refused, HttpStatusCode.BadRequest))["errors"]!["ends_at"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("check_in_time", "١٥")]
    [InlineData("check_in_time", "１５:００")]
    [InlineData("check_out_time", "१०")]
    public async Task ATimeOfDayInDigitsOtherThanAsciiIsA400(string field, string time)
    {
        await using var adapter = await Adapter.StartAsync();
        var body = Stay(ends: "2030-01-03");
        body["time_zone"] = "Europe/Berlin";
        body[field] = time;

        using var refused = await adapter.PostAsync(body);

        Assert.NotNull((await ReadAsync(refused, HttpStatusCode.BadRequest))["errors"]![field]);
    }

    [Fact]
    public async Task AStalePutOnAReferenceWhoseReplacementWasRefusedAnswersAsPutDoes()
    {
        await using var adapter = await Adapter.StartAsync();
        using var created = await adapter.PutAsync("emptied", Stay(version: 3));
        var first = await ReadAsync(created, HttpStatusCode.Created);
        using var refused = await adapter.PutAsync("emptied", Stay(code: "12", starts: "2030-01-02T15:00:00Z", ends: "2030-01-04T11:00:00Z", version: 5)); // a replace, its code too short

        using var stale = await adapter.PutAsync("emptied", Stay(version: 2));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var answer = await ReadAsync(stale, HttpStatusCode.OK);
        Assert.True((bool)answer["stale"]!);
        Assert.Equal("revoked", (string?)answer["credential"]!["status"]); // the reference holds nothing
        Assert.Equal((string?)first["credential"]!["acs_credential_id"], (string?)answer["credential"]!["acs_credential_id"]);
        Assert.Empty(adapter.Seam.State.Credentials);
    }
}
