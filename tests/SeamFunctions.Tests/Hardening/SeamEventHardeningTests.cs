using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;

namespace SeamFunctions.Tests.Hardening;

/// <summary>
/// Seam's events about a revoked reference change nothing and tell nobody (a removal is noted as the code's last
/// event); an event that cannot be read is a 400 that Seam sends again, with a Warning, never a silent "ignored";
/// an event from another workspace than the API key's changes nothing.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class SeamEventHardeningTests(Azurite azurite)
{

    private Task<Adapter> StartAsync(string store, NotifyTarget? target = null) => SeamEventAdapter.StartAsync(azurite, store, target);

    private static JsonObject Event(string type, string accessCodeId, string at = "2030-01-01T12:00:00Z", string? workspace = null) => new()
    {
        ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = type, ["occurred_at"] = at,
        ["workspace_id"] = workspace ?? FakeSeamSeed.WorkspaceId.ToString(), ["access_code_id"] = accessCodeId, ["device_id"] = LockStays.Front,
    };

    private static Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(Adapter adapter, string json) =>
        adapter.SendAsync(Senders.SeamEvent(json, SeamEventAdapter.Secret));

    private static async Task<IReadOnlyList<string>> StayAsync(Adapter adapter, string reference, string pin) =>
        LockStays.CodeIds(await ReadAsync(await adapter.PutAsync(reference, LockStays.Stay(pin)), HttpStatusCode.Created));

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AfterARevokeSeamsEventsChangeNothingAndTellNobodyWhileARemovalIsNotedAsTheLastEvent(string store)
    {
        await using var target = await NotifyTarget.StartAsync();
        await using var adapter = await StartAsync(store, target);
        var gone = await StayAsync(adapter, "gone-1", "81726354");
        var live = await StayAsync(adapter, "live-1", "81726355");
        await ReadAsync(await adapter.DeleteAsync("gone-1"), HttpStatusCode.OK);

        var issued = await SendAsync(adapter, Event("access_code.set_on_device", gone[0]).ToJsonString());
        var failed = await SendAsync(adapter, Event("access_code.failed_to_set_on_device", gone[1]).ToJsonString());
        var removed = await SendAsync(adapter, Event("access_code.deleted", gone[0], at: "2030-01-01T12:05:00Z").ToJsonString());
        await SendAsync(adapter, Event("access_code.set_on_device", live[0]).ToJsonString()); // its notification is queued after any of the above
        var first = await target.NextAsync();
        var read = await ReadAsync(await adapter.Http.GetAsync("api/credentials/gone-1"), HttpStatusCode.OK);

        Assert.Equal((HttpStatusCode.OK, true), (issued.Status, (bool)issued.Body["ignored"]!));
        Assert.Equal((HttpStatusCode.OK, true), (failed.Status, (bool)failed.Body["ignored"]!));
        Assert.Equal((HttpStatusCode.OK, false), (removed.Status, (bool)removed.Body["ignored"]!));
        Assert.Equal("live-1", (string?)first.Body["data"]!["reference"]); // nothing was told about gone-1
        Assert.Equal("revoked", (string?)read["credential"]!["status"]);
        Assert.Equal("access_code.deleted", (string?)read["credential"]!["access_codes"]![0]!["last_event"]!["event_type"]);
        Assert.Empty(read["credential"]!["access_codes"]![1]!["errors"]!.AsArray()); // the failure after the revoke was not recorded
    }

    public static TheoryData<string, string> Malformed(string code) => new()
    {
        { "access_code_id", $$"""{"event_id":"e1","event_type":"access_code.set_on_device","occurred_at":"2030-01-01T12:00:00Z","access_code_id":123}""" },
        { "event_type", $$"""{"event_id":"e1","event_type":{"a":1},"occurred_at":"2030-01-01T12:00:00Z","access_code_id":"{{code}}"}""" },
        { "occurred_at", $$"""{"event_id":"e1","event_type":"access_code.set_on_device","access_code_id":"{{code}}"}""" },
        { "occurred_at", $$"""{"event_id":"e1","event_type":"access_code.set_on_device","occurred_at":"yesterday","access_code_id":"{{code}}"}""" },
        { "occurred_at", $$"""{"event_id":"e1","event_type":"access_code.set_on_device","occurred_at":"10000-01-01T00:00:00Z","access_code_id":"{{code}}"}""" },
        { "(body)", $$"""{"event_id":"e1","event_type":"access_code.set_on_device","occurred_at":"2030-01-01T12:00:00Z","access_code_id":"{{code}}","access_code_id":"{{code}}"}""" },
    };

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnEventNamingARealCodeThatCannotBeReadIs400WithAWarningAndChangesNothing(string store)
    {
        await using var adapter = await StartAsync(store);
        var codes = await StayAsync(adapter, "malformed-1", "81726356");

        foreach (var (field, json) in Malformed(codes[0]).Select(row => ((string)row[0], (string)row[1])))
        {
            var answer = await SendAsync(adapter, json);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{field}: {(int)answer.Status} {answer.Body.ToJsonString()}");
            Assert.Equal("invalid_request", (string?)answer.Body["code"]);
            Assert.NotNull(answer.Body["errors"]![field]);
        }

        var held = await ReadAsync(await adapter.PutAsync("malformed-1", LockStays.Stay("81726356")), HttpStatusCode.OK);
        var warnings = adapter.Logs.Collector.GetSnapshot().Where(r => r.Id.Name == "SeamEventMalformed").ToList();

        Assert.Equal("pending", (string?)held["credential"]!["status"]); // no event was applied
        Assert.Equal(Malformed(codes[0]).Count, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, w.Level));
        Assert.DoesNotContain(codes[0], string.Join('\n', warnings.Select(w => w.Message))); // the body is never logged
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task AnEventFromAnotherWorkspaceThanTheKeysChangesNothingAndIsLoggedAsAWarning(string store)
    {
        await using var adapter = await StartAsync(store);
        var codes = await StayAsync(adapter, "workspace-1", "81726358");

        var other = await SendAsync(adapter, Event("access_code.set_on_device", codes[0], workspace: Guid.NewGuid().ToString()).ToJsonString());
        var held = await ReadAsync(await adapter.PutAsync("workspace-1", LockStays.Stay("81726358")), HttpStatusCode.OK);
        var own = await SendAsync(adapter, Event("access_code.set_on_device", codes[0]).ToJsonString());

        Assert.Equal((HttpStatusCode.OK, true), (other.Status, (bool)other.Body["ignored"]!));
        Assert.Null(held["credential"]!["access_codes"]![0]!["last_event"]);
        Assert.Equal((HttpStatusCode.OK, false), (own.Status, (bool)own.Body["ignored"]!));
        Assert.Contains(adapter.Logs.Collector.GetSnapshot(), r => r.Id.Name == "SeamEventOtherWorkspace" && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Single(adapter.Seam.State.Exchanges, e => e.Path == "/workspaces/get"); // learned once
    }
}
