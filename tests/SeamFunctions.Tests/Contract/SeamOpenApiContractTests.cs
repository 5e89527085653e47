using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Contract;

/// <summary>
/// Keeps both sides honest against the OpenAPI document Seam publishes (npm <c>@seamapi/types</c>, pinned):
/// every request the adapter sends, and every credential and list the fake answers.
/// </summary>
public sealed class SeamOpenApiContractTests
{
    [Fact]
    public async Task EverythingTheAdapterSendsAndTheFakeAnswersMatchesSeamsOpenApi()
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:Timeout"] = "00:00:03", // long enough for a cold first call on a busy CI machine
            ["Idempotency:Lease"] = "00:00:10",
            ["Idempotency:ReconcileAfter"] = "00:00:00",
        });
        var user = FakeSeamSeed.AcsUserId.ToString();
        string[] requests =
        [
            $$"""{"acs_user_id":"{{user}}","code":"0042"}""",
            $$"""
            {"acs_user_id":"{{user}}","code":"13579","starts_at":"2030-01-01T15:00:00+01:00","ends_at":"2030-01-03T11:00:00Z",
             "allowed_acs_entrance_ids":["{{Guid.NewGuid()}}"],"is_multi_phone_sync_credential":false,"reference":"r-1","extra":{"a":1} }
            """,
            $$"""{"acs_user_id":"{{user}}","access_method":"card"}""",
            $$"""{"acs_user_id":"{{user}}","access_method":"mobile_key","is_multi_phone_sync_credential":true}""",
            $$"""{"user_identity_id":"{{FakeSeamSeed.UserIdentityId}}","acs_system_id":"{{FakeSeamSeed.AcsSystemId}}","code":"2468"}""",
        ];
        foreach (var request in requests)
        {
            using var response = await adapter.PostAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // A timeout after Seam created: the retry with the same key makes the adapter reconcile with a list call.
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));
        var ambiguous = Adapter.ValidRequest("86420");
        ambiguous["reference"] = "reconcile-" + Guid.NewGuid();
        using (var timedOut = await adapter.PostAsync(ambiguous))
            Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        using (var reconciled = await adapter.PostAsync(ambiguous))
            Assert.Equal(HttpStatusCode.Created, reconciled.StatusCode);
        // The fake records the abandoned create's answer when its delay ends.
        for (var waited = 0; waited < 100 && adapter.Seam.State.Exchanges.Count(e => e.Status == 200) < requests.Length + 2; waited++)
            await Task.Delay(100);

        // The lifecycle by reference: create, update, get, replace (delete + create), revoke (delete).
        var stay = Adapter.ValidRequest("3141");
        stay["starts_at"] = "2030-01-01T15:00:00Z";
        stay["ends_at"] = "2030-01-03T11:00:00Z";
        async Task ByReferenceAsync(HttpMethod method, JsonObject? body, HttpStatusCode expected)
        {
            using var response = await adapter.Http.SendAsync(new HttpRequestMessage(method, "api/credentials/contract-booking")
            {
                Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            });
            Assert.Equal(expected, response.StatusCode);
        }

        await ByReferenceAsync(HttpMethod.Put, stay, HttpStatusCode.Created);
        stay["code"] = "2718";
        stay["ends_at"] = "2030-01-04T11:00:00Z";
        await ByReferenceAsync(HttpMethod.Put, stay, HttpStatusCode.OK);
        await ByReferenceAsync(HttpMethod.Get, null, HttpStatusCode.OK);
        stay["starts_at"] = "2030-01-02T15:00:00Z";
        await ByReferenceAsync(HttpMethod.Put, stay, HttpStatusCode.OK);
        await ByReferenceAsync(HttpMethod.Delete, null, HttpStatusCode.OK);
        // A guest without a Seam id: the identity is created, then found by its key for the second stay.
        foreach (var booking in new[] { "contract-guest-1", "contract-guest-2" })
        {
            using var put = await adapter.Http.PutAsync("api/credentials/" + booking, new StringContent(
                $$"""{"guest_key":"pms-guest-7","guest_full_name":"Ada Lovelace","guest_email":"ada@example.com","guest_phone":"+15555550123","acs_system_id":"{{FakeSeamSeed.AcsSystemId}}","code":"6180"}""",
                Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        foreach (var path in new[] { "/acs/credentials/update", "/acs/credentials/get", "/acs/credentials/delete", "/user_identities/create", "/user_identities/get" })
            Assert.Contains(adapter.Seam.State.Exchanges, e => e.Path == path && e.Status == 200);

        // The list route directly, two pages of it.
        using var seam = new HttpClient { BaseAddress = adapter.Seam.BaseUrl };
        seam.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeSeamSeed.ApiKey);
        var firstPage = await PostJsonAsync(seam, "acs/credentials/list", $$"""{"acs_user_id":"{{user}}","limit":2}""");
        Assert.True((bool)firstPage["pagination"]!["has_next_page"]!);
        var cursor = (string)firstPage["pagination"]!["next_page_cursor"]!;
        var secondPage = await PostJsonAsync(seam, "acs/credentials/list", $$"""{"acs_user_id":"{{user}}","limit":2,"page_cursor":"{{cursor}}"}""");
        Assert.Equal(2, secondPage["acs_credentials"]!.AsArray().Count);

        var items = new JsonArray();
        var n = 0;
        foreach (var exchange in adapter.Seam.State.Exchanges.Where(e => e.Status == 200))
        {
            n++;
            items.Add(Item($"request {n} {exchange.Path}", exchange.Path, "request", null, exchange.RequestBody));
            items.Add(Item($"response {n} {exchange.Path}", exchange.Path, "response", 200, exchange.ResponseBody!));
        }

        Assert.Equal(requests.Length + 14, n); // creates, the ambiguous create, the adapter's list, the lifecycle's 6 calls, the guest's 4, two direct lists
        Assert.Contains(adapter.Seam.State.Exchanges, e => e.Path == "/acs/credentials/list" && e.RequestBody.Contains("\"limit\":200", StringComparison.Ordinal));
        var results = await ValidateAsync(items);

        Assert.All(results, r => Assert.True((bool)r!["valid"]!, $"{r!["name"]}: {r["errors"]!.ToJsonString()}"));
    }

    [Fact]
    public async Task EverythingTheAdapterSendsAndTheFakeAnswersForSmartLocksMatchesSeamsOpenApi()
    {
        await using var adapter = await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Seam:Timeout"] = "00:00:03",
            ["Idempotency:ReconcileAfter"] = "00:00:00",
            ["Locks:BackupCodes"] = "true",
            ["Seam:WebhookSecret"] = SeamEventSecret,
        });
        var garage = Guid.NewGuid().ToString(); // Seam's device ids are UUIDs (Seam's own fake's are not)
        adapter.Seam.State.Devices[garage] = "Garage";
        async Task PutAsync(string reference, JsonObject body, HttpStatusCode expected)
        {
            using var response = await adapter.PutAsync(reference, body);
            Assert.Equal(expected, response.StatusCode);
        }

        await PutAsync("lock-stay", LockStays.Stay(), HttpStatusCode.Created); // create on two doors, with the backup pool
        var failed = adapter.Seam.State.AccessCodes[1];
        var failedEvent = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = "access_code.failed_to_set_on_device", ["occurred_at"] = "2030-01-01T12:00:00Z",
            ["access_code_id"] = (string?)failed["access_code_id"], ["device_id"] = (string?)failed["device_id"],
        };
        Assert.Equal(HttpStatusCode.OK, (await adapter.SendAsync(Senders.SeamEvent(failedEvent.ToJsonString(), SeamEventSecret))).Status); // get, pull a backup, delete
        await PutAsync("lock-stay", LockStays.Stay(code: "7391", ends: "2030-01-04T11:00:00Z"), HttpStatusCode.OK); // update + get
        await PutAsync("lock-stay", LockStays.Stay(code: "7391", devices: [LockStays.Back, garage], ends: "2030-01-04T11:00:00Z"), HttpStatusCode.OK); // list, create, delete
        using (var read = await adapter.Http.GetAsync("api/credentials/lock-stay"))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        adapter.Seam.State.EnqueueFault("access_codes/create", new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));
        await PutAsync("lock-stay-2", LockStays.Stay(code: "8642"), HttpStatusCode.GatewayTimeout);
        await PutAsync("lock-stay-2", LockStays.Stay(code: "8642"), HttpStatusCode.Created); // finds the first door's code with a list
        using (var revoked = await adapter.DeleteAsync("lock-stay"))
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        adapter.Seam.State.LockHealth[garage] = new FakeLockHealth(Online: false, BatteryLevel: 0.15);
        var device = await adapter.Services.GetRequiredService<SeamFunctions.Upstream.SeamClient>().GetDeviceAsync(garage, CancellationToken.None); // a readiness check's read
        Assert.Equal((false, 0.15), (device as SeamFunctions.Upstream.SeamCallResult.WithDevice)?.Device.Properties is { } p ? (p.Online, p.Level) : default);

        using var seam = new HttpClient { BaseAddress = adapter.Seam.BaseUrl };
        seam.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeSeamSeed.ApiKey);
        var firstPage = await PostJsonAsync(seam, "access_codes/list", """{"limit":1}""");
        await PostJsonAsync(seam, "access_codes/list", $$"""{"limit":1,"page_cursor":"{{(string)firstPage["pagination"]!["next_page_cursor"]!}}"}""");

        var items = new JsonArray();
        var n = 0;
        foreach (var exchange in adapter.Seam.State.Exchanges.Where(e => e.Status == 200 && (e.Path.StartsWith("/access_codes/", StringComparison.Ordinal) || e.Path == "/devices/get")))
        {
            n++;
            items.Add(Item($"request {n} {exchange.Path}", exchange.Path, "request", null, exchange.RequestBody));
            items.Add(Item($"response {n} {exchange.Path}", exchange.Path, "response", 200, exchange.ResponseBody!));
        }

        foreach (var path in new[] { "/access_codes/create", "/access_codes/update", "/access_codes/get", "/access_codes/delete", "/access_codes/list", "/access_codes/pull_backup_access_code", "/devices/get" })
            Assert.Contains(adapter.Seam.State.Exchanges, e => e.Path == path && e.Status == 200);
        var results = await ValidateAsync(items);

        Assert.All(results, r => Assert.True((bool)r!["valid"]!, $"{r!["name"]}: {r["errors"]!.ToJsonString()}"));
    }

    private const string SeamEventSecret = "whsec_c2VhbS1ldmVudHMtc2lnbmluZy1zZWNyZXQ=";

    [Fact]
    public async Task TheValidatorHasTeeth()
    {
        var items = new JsonArray
        {
            Item("no access_method", "/acs/credentials/create", "request", null, $$"""{"acs_user_id":"{{Guid.NewGuid()}}","code":"1234"}"""),
            Item("numeric code", "/acs/credentials/create", "request", null, $$"""{"acs_user_id":"{{Guid.NewGuid()}}","access_method":"code","code":1234}"""),
            Item("forwarded reference", "/acs/credentials/create", "request", null, $$"""{"acs_user_id":"{{Guid.NewGuid()}}","access_method":"code","reference":"x"}"""),
            Item("credential without id", "/acs/credentials/create", "response", 200, """{"ok":true,"acs_credential":{"access_method":"code"}}"""),
            Item("update of the start", "/acs/credentials/update", "request", null, $$"""{"acs_credential_id":"{{Guid.NewGuid()}}","starts_at":"2030-01-01T15:00:00Z"}"""),
            Item("delete without id", "/acs/credentials/delete", "request", null, "{}"),
            Item("identity with a guest's address", "/user_identities/create", "request", null, """{"user_identity_key":"g-1","address":"Baker Street"}"""),
            Item("access code without a device", "/access_codes/create", "request", null, """{"code":"1234"}"""),
            Item("forwarded reference on a lock", "/access_codes/create", "request", null, """{"device_id":"d-1","code":"1234","reference":"x"}"""),
            Item("access code without id", "/access_codes/get", "response", 200, """{"ok":true,"access_code":{"code":"1234"}}"""),
        };

        var results = await ValidateAsync(items);

        Assert.All(results, r => Assert.False((bool)r!["valid"]!, $"{r!["name"]} should have been invalid"));
    }

    internal static JsonObject Item(string name, string path, string kind, int? status, string body) => new()
    {
        ["name"] = name,
        ["path"] = path,
        ["kind"] = kind,
        ["status"] = status,
        ["body"] = JsonNode.Parse(body),
    };

    internal static async Task<JsonArray> ValidateAsync(JsonArray items)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, items.ToJsonString());
            var output = await Node.RunAsync("validate-against-seam-openapi.mjs", file);
            var results = JsonNode.Parse(output)!.AsArray();
            Assert.Equal(items.Count, results.Count);
            return results;
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static async Task<JsonObject> PostJsonAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
