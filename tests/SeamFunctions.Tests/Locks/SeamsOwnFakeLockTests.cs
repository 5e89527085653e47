using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Locks;

/// <summary>
/// The smart-lock rows once more against Seam's own fake (<c>@seamapi/fake-seam-connect</c>), so the adapter is held to
/// Seam's behaviour and not only to ours: its locks, its ids (not UUIDs there), its 409 for a PIN a lock has already.
/// </summary>
public sealed class SeamsOwnFakeLockTests : IAsyncLifetime
{
    private const string ApiKey = "seam_apikey1_token";
    private const string First = "august_device_1";
    private const string Second = "august_device_2";
    private const string Third = "schlage_device_id";

    private NodePeer _seam = null!;
    private Adapter _adapter = null!;

    public async Task InitializeAsync()
    {
        _seam = await NodePeer.StartAsync("seam-fake-loopback.mjs");
        _adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:BaseUrl"] = _seam.BaseUrl.ToString(),
            ["Seam:ApiKey"] = ApiKey,
            ["Seam:Timeout"] = "00:00:05",
            ["Locks:BackupCodes"] = "true", // every code here is made with the backup pool, as Seam's fake accepts it
        });
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _seam.DisposeAsync();
    }

    [Fact]
    public async Task ABookingsPinIsPutOnEveryDoorMovedMovedToOtherDoorsAndRevoked()
    {
        var created = await ReadAsync(await _adapter.PutAsync("their-stay", LockStays.Stay(code: "4821", devices: [First, Second])), HttpStatusCode.Created);
        var moved = await ReadAsync(await _adapter.PutAsync("their-stay", LockStays.Stay(code: "7391", devices: [First, Second], ends: "2030-01-04T11:00:00Z")), HttpStatusCode.OK);
        var heldAfterMove = await HeldAsync("their-stay");
        var otherDoors = await ReadAsync(await _adapter.PutAsync("their-stay", LockStays.Stay(code: "7391", devices: [Second, Third], ends: "2030-01-04T11:00:00Z")), HttpStatusCode.OK);
        var heldOnOtherDoors = await HeldAsync("their-stay");
        var read = await ReadAsync(await _adapter.Http.GetAsync("api/credentials/their-stay"), HttpStatusCode.OK);
        var revoked = await ReadAsync(await _adapter.DeleteAsync("their-stay"), HttpStatusCode.OK);

        Assert.Equal("access_code", (string?)created["credential"]!["kind"]);
        Assert.Equal(LockStays.CodeIds(created), LockStays.CodeIds(moved)); // in place
        Assert.All(heldAfterMove, c => Assert.Equal(("7391", "2030-01-04T11:00:00.000Z"), ((string?)c["code"], (string?)c["ends_at"])));
        Assert.Equal([Second, Third], heldOnOtherDoors.Select(c => (string)c["device_id"]!).Order(StringComparer.Ordinal));
        Assert.Equal(LockStays.CodeIds(created)[1], LockStays.CodeIds(otherDoors)[0]); // the second door kept its code
        Assert.Equal(LockStays.CodeIds(otherDoors), LockStays.CodeIds(read));
        Assert.Equal("revoked", (string?)revoked["status"]);
        Assert.Empty(await HeldAsync("their-stay"));
    }

    [Fact]
    public async Task WhenSeamsFakeRefusesThePinOnOneDoorNoDoorKeepsACodeAndThePinIsNotQuoted()
    {
        await ReadAsync(await _adapter.PutAsync("their-first-guest", LockStays.Stay(code: "806142", devices: [Third])), HttpStatusCode.Created);

        var refused = await ReadAsync(await _adapter.PutAsync("their-second-guest", LockStays.Stay(code: "806142", devices: [First, Third])), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(Third, (string?)refused["device_id"]);
        Assert.Equal("duplicate_access_code", (string?)refused["seam_error_type"]);
        Assert.DoesNotContain("806142", refused.ToJsonString(), StringComparison.Ordinal); // Seam's own message quotes it
        Assert.DoesNotContain("806142", _adapter.AllLogText(), StringComparison.Ordinal); // nor any log line, at Trace
        Assert.Empty(await HeldAsync("their-second-guest"));
    }

    [Fact]
    public async Task AnUnknownLockIsA404NamingIt()
    {
        var refused = await ReadAsync(await _adapter.PutAsync("their-third-guest", LockStays.Stay(code: "2468", devices: [First, "no_such_lock"])), HttpStatusCode.NotFound);

        Assert.Equal("no_such_lock", (string?)refused["device_id"]);
        Assert.Empty(await HeldAsync("their-third-guest"));
    }

    [Fact]
    public async Task SeamsFakeTakesCodesWithTheBackupPoolAndItsPulledBackupIsReadAsAnotherPinOnTheSameLock()
    {
        var created = await ReadAsync(await _adapter.PutAsync("their-backup-stay", LockStays.Stay(code: "357913", devices: [First])), HttpStatusCode.Created);
        var codeId = LockStays.CodeIds(created)[0];
        var seam = _adapter.Services.GetRequiredService<SeamFunctions.Upstream.SeamClient>();

        var pulled = await seam.PullBackupAccessCodeAsync(codeId, CancellationToken.None);
        var again = await seam.PullBackupAccessCodeAsync(codeId, CancellationToken.None);

        var backup = Assert.IsType<SeamFunctions.Upstream.SeamCallResult.WithAccessCode>(pulled).Code;
        Assert.Equal(First, backup.DeviceId);
        Assert.NotEqual(codeId, backup.AccessCodeId);
        Assert.NotEqual("357913", backup.Code);
        Assert.Equal(backup.AccessCodeId, Assert.IsType<SeamFunctions.Upstream.SeamCallResult.WithAccessCode>(again).Code.AccessCodeId); // the same backup again
        // Seam's fake never says a backup is available: the adapter asks before it pulls, so it pulls none there.
        var failed = (SeamFunctions.Answers.AccessCodesAnswer)System.Text.Json.JsonSerializer.Deserialize(
            created["credential"]!.ToJsonString(), SeamFunctions.Answers.AnswerJsonContext.Web.AccessAnswer)!;
        Assert.IsType<SeamFunctions.Access.BackupOutcome.NoneAvailable>(
            await _adapter.Services.GetRequiredService<SeamFunctions.Access.BackupCodes>().ReplaceAsync(failed.AccessCodes[0], failed, SeamFunctions.Access.NoLease.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task AReadinessCheckReadsSeamsOwnLocksAndTellsAnOfflineLockAndALowBatteryWithTheirDoors()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var (clock, starts) = (new FakeTimeProvider(now), now + TimeSpan.FromDays(2));
        await using var target = await NotifyTarget.StartAsync(clock);
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:BaseUrl"] = _seam.BaseUrl.ToString(), ["Seam:ApiKey"] = ApiKey, ["Seam:Timeout"] = "00:00:05", ["Locks:BackupCodes"] = "true",
            ["Notify:Url"] = target.Url.ToString(), ["Notify:Secret"] = NotifyTarget.Secret,
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var stay = LockStays.Stay(code: "918273", devices: [First, Second], starts: Iso(starts), ends: Iso(starts + TimeSpan.FromDays(2)));
        await ReadAsync(await adapter.PutAsync("their-checked-stay", stay), HttpStatusCode.Created);
        Assert.Equal("ok", await _seam.CommandAsync($$"""device {{First}} {"online":false}"""));
        Assert.Equal("ok", await _seam.CommandAsync($$"""device {{Second}} {"battery_level":0.1}"""));

        clock.SetUtcNow(starts - TimeSpan.FromDays(1));
        await adapter.Services.GetRequiredService<SeamFunctions.Events.MinuteTick>().RunAsync(CancellationToken.None);
        var atRisk = await target.NextAsync();
        var read = (await ReadAsync(await adapter.Http.GetAsync("api/credentials/their-checked-stay"), HttpStatusCode.OK))["credential"]!;

        Assert.Equal("credential.at_risk", (string?)atRisk.Body["type"]);
        var reasons = atRisk.Body["data"]!["reasons"]!.AsArray().Select(r => ((string)r!["code"]!, (string)r["device_id"]!)).ToList();
        Assert.Contains(("lock_offline", First), reasons);
        Assert.Contains(("lock_low_battery", Second), reasons);
        Assert.DoesNotContain("918273", atRisk.Text);
        Assert.Equal([(false, 1.0), (true, 0.1)], read["access_codes"]!.AsArray().Select(c => ((bool)c!["online"]!, (double)c["battery_level"]!)));
    }

    /// <summary>The codes Seam's fake holds for a reference (their list ignores device_id: all codes, filtered by name).</summary>
    private async Task<IReadOnlyList<JsonObject>> HeldAsync(string reference)
    {
        using var http = new HttpClient { BaseAddress = _seam.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var codes = new List<JsonObject>();
        foreach (var device in (string[])[First, Second, Third])
        {
            using var response = await http.PostAsync("access_codes/list", new StringContent($$"""{"device_id":"{{device}}"}""", Encoding.UTF8, "application/json"));
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            codes.AddRange(page["access_codes"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["device_id"] == device && (string?)c["name"] == reference));
        }

        return codes;
    }
}
