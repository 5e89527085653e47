using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

/// <summary>Successes through the DevServer over real HTTP, against the fake Seam.</summary>
public sealed class CreateCredentialTests : IAsyncLifetime
{
    private Adapter _adapter = null!;

    public async Task InitializeAsync() => _adapter = await Adapter.StartAsync();

    public async Task DisposeAsync() => await _adapter.DisposeAsync();

    [Fact]
    public async Task APinCodeIsCreatedAndAnsweredInTheNormalizedShape()
    {
        var request = Adapter.ValidRequest("0482");
        request["reference"] = "booking-1042";
        request["starts_at"] = "2030-01-01T15:00:00+01:00";
        request["ends_at"] = "2030-01-03T11:00:00Z";

        using var response = await _adapter.PostAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await Adapter.ReadJsonAsync(response);
        Assert.True((bool)body["ok"]!);
        Assert.Equal("booking-1042", (string?)body["reference"]);
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), (string?)body["request_id"]);
        Assert.False(string.IsNullOrEmpty((string?)body["seam_request_id"]));

        var credential = body["credential"]!.AsObject();
        var stored = Assert.Single(_adapter.Seam.State.Credentials);
        Assert.Equal((string?)stored["acs_credential_id"], (string?)credential["acs_credential_id"]);
        Assert.Equal("0482", (string?)credential["code"]);
        Assert.Equal(FakeSeamSeed.AcsUserId.ToString(), (string?)credential["acs_user_id"]);
        Assert.Equal("code", (string?)credential["access_method"]);
        Assert.Equal("issued", (string?)credential["status"]);
        Assert.Equal(
            ["access_method", "acs_credential_id", "acs_system_id", "acs_user_id", "code", "created_at", "display_name", "ends_at",
             "errors", "external_type", "external_type_display_name", "is_issued", "issued_at", "kind", "starts_at", "status", "warnings", "workspace_id"],
            credential.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OnlyAllowListedFieldsReachSeam()
    {
        var request = Adapter.ValidRequest();
        request["reference"] = "booking-7";
        request["visionline_metadata"] = new JsonObject { ["card_format"] = "rfid48" };
        request["is_admin"] = true;

        using var response = await _adapter.PostAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sent = JsonNode.Parse(_adapter.Seam.State.Exchanges.Single().RequestBody)!.AsObject();
        Assert.Equal(["access_method", "acs_user_id", "code"], sent.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("code", (string?)sent["access_method"]);
    }

    [Fact]
    public async Task CamelCaseAndPinAliasWork()
    {
        using var response = await _adapter.PostAsync($$"""{"acsUserId":"{{FakeSeamSeed.AcsUserId}}","pin":"7305"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("7305", (string?)(await Adapter.ReadJsonAsync(response))["credential"]!["code"]);
    }

    [Fact]
    public async Task ACardWaitingToBeIssuedIsPending()
    {
        using var response = await _adapter.PostAsync($$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","access_method":"card"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var credential = (await Adapter.ReadJsonAsync(response))["credential"]!;
        Assert.Equal("pending", (string?)credential["status"]);
        Assert.Null((string?)credential["code"]);
        Assert.Equal("waiting_to_be_issued", (string?)credential["warnings"]![0]!["code"]);
    }

    [Fact]
    public async Task AUserIdentityWithItsSystemReachesTheLinkedUser()
    {
        using var response = await _adapter.PostAsync(
            $$"""{"user_identity_id":"{{FakeSeamSeed.UserIdentityId}}","acs_system_id":"{{FakeSeamSeed.AcsSystemId}}","code":"2468"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(FakeSeamSeed.LinkedAcsUserId.ToString(), (string?)(await Adapter.ReadJsonAsync(response))["credential"]!["acs_user_id"]);
    }

    [Fact]
    public async Task ASaneInboundRequestIdIsKeptAndAnInsaneOneReplaced()
    {
        using var sane = new HttpRequestMessage(HttpMethod.Get, "api/health") { Headers = { { "x-request-id", "pms-run.42:7" } } };
        using var insane = new HttpRequestMessage(HttpMethod.Get, "api/health") { Headers = { { "x-request-id", "<script>" } } };

        using var kept = await _adapter.Http.SendAsync(sane);
        using var replaced = await _adapter.Http.SendAsync(insane);

        Assert.Equal("pms-run.42:7", kept.Headers.GetValues("x-request-id").Single());
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task HealthIsOkWithoutCallingSeam()
    {
        using var response = await _adapter.Http.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(_adapter.Seam.State.Exchanges);
    }
}
