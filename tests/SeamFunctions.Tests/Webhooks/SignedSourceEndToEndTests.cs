using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>Signed webhook sources through the DevServer over real HTTP; secrets from the (stub) vault.</summary>
public sealed class SignedSourceEndToEndTests
{
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string HmacSecret = "pms-hmac-secret-4f1e";
    private const string Token = "static-token-9b2d7c";

    private static async Task<Adapter> StartAsync(StubKeyVault vault, string retryAfterFailure = "00:00:15")
    {
        vault.Secrets["seam-api-key"] = FakeSeamSeed.ApiKey;
        vault.Secrets["webhook-acme"] = StandardSecret;
        vault.Secrets["webhook-hotelpms"] = HmacSecret;
        vault.Secrets["webhook-legacy"] = Token;
        return await Adapter.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:acme:Scheme"] = "standard-webhooks",
            ["Webhooks:Sources:acme:SecretName"] = "webhook-acme",
            ["Webhooks:Sources:hotelpms:Scheme"] = "hmac-sha256",
            ["Webhooks:Sources:hotelpms:SecretName"] = "webhook-hotelpms",
            ["Webhooks:Sources:hotelpms:Header"] = "X-Hotel-Signature",
            ["Webhooks:Sources:hotelpms:Map:code"] = "$.reservation.door_code",
            ["Webhooks:Sources:hotelpms:Map:acs_user_id"] = "$.reservation.guest.seam_user",
            ["Webhooks:Sources:hotelpms:Map:reference"] = "$.reservation.id",
            ["Webhooks:Sources:legacy:Scheme"] = "shared-token",
            ["Webhooks:Sources:legacy:SecretName"] = "webhook-legacy",
            ["Webhooks:Sources:paused:Scheme"] = "shared-token",
            ["Webhooks:Sources:paused:SecretName"] = "webhook-legacy",
            ["Webhooks:Sources:paused:Enabled"] = "false",
            ["KeyVault:RetryAfterFailure"] = retryAfterFailure,
        }, vault);
    }

    private static HttpRequestMessage StandardWebhook(string body, string? id = null, DateTimeOffset? at = null, string secret = StandardSecret)
    {
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var request = Post("acme", body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(mac));
        return request;
    }

    private static HttpRequestMessage Post(string source, string body) => new(HttpMethod.Post, $"api/sources/{source}/credentials")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private static string Body(string code = "4821") => $$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":"{{code}}"}""";

    [Fact]
    public async Task ASignedStandardWebhookCreatesACredentialAndItsRedeliveryReplays()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var id = "msg_" + Guid.NewGuid().ToString("N");

        using var first = await adapter.Http.SendAsync(StandardWebhook(Body(), id));
        using var redelivery = await adapter.Http.SendAsync(StandardWebhook(Body(), id));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, redelivery.StatusCode);
        Assert.Equal("true", redelivery.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ASecretRotatedInTheVaultIsPickedUpAtTheFirstDeliverySignedWithIt()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault, retryAfterFailure: "00:00:00");
        using (var before = await adapter.Http.SendAsync(StandardWebhook(Body("1111"))))
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        const string rotated = "whsec_c2Vjb25kLXNlY3JldC1hZnRlci1yb3RhdGlvbg==";
        vault.Secrets["webhook-acme"] = rotated;
        using var after = await adapter.Http.SendAsync(StandardWebhook(Body("2222"), secret: rotated));

        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(2, vault.ReadsOf("webhook-acme"));
    }

    [Fact]
    public async Task ForgedDeliveriesCannotMakeEveryRequestAVaultRead()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault, retryAfterFailure: "01:00:00");

        for (var i = 0; i < 5; i++)
        {
            using var forged = await adapter.Http.SendAsync(StandardWebhook(Body(), secret: "whsec_" + Convert.ToBase64String(new byte[24])));
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        Assert.Equal(1, vault.ReadsOf("webhook-acme"));
    }

    [Fact]
    public async Task AnUnsignedOrForgedDeliveryNeverReachesTheSeamKeyOrSeam()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);

        using var unsigned = await adapter.Http.SendAsync(Post("acme", Body()));
        using var forged = await adapter.Http.SendAsync(StandardWebhook(Body(), secret: "whsec_" + Convert.ToBase64String(new byte[24])));
        using var stale = await adapter.Http.SendAsync(StandardWebhook(Body(), at: DateTimeOffset.UtcNow.AddMinutes(-6)));
        var tamperedRequest = StandardWebhook(Body());
        tamperedRequest.Content = new StringContent(Body("9999"), Encoding.UTF8, "application/json");
        using var tampered = await adapter.Http.SendAsync(tamperedRequest);

        Assert.Equal("missing_signature", await CodeAsync(unsigned, HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_signature", await CodeAsync(forged, HttpStatusCode.Unauthorized));
        Assert.Equal("stale_timestamp", await CodeAsync(stale, HttpStatusCode.Unauthorized));
        Assert.Equal("invalid_signature", await CodeAsync(tampered, HttpStatusCode.Unauthorized));
        Assert.Equal(0, vault.ReadsOf("seam-api-key"));
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
        var logs = adapter.AllLogText();
        Assert.Contains("Security: webhook from source acme refused (Missing)", logs, StringComparison.Ordinal);
        Assert.Contains("(Stale)", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHmacSignedPmsPayloadIsMappedToOurFields()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var payload = $$"""{"event":"checkin","reservation":{"id":"R-{{Guid.NewGuid():N}}","door_code":"0042","guest":{"seam_user":"{{FakeSeamSeed.AcsUserId}}"} } }""";
        var request = Post("hotelpms", payload);
        request.Headers.Add("X-Hotel-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacSecret), Encoding.UTF8.GetBytes(payload))));

        using var response = await adapter.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Adapter.ReadJsonAsync(response);
        Assert.Equal("0042", (string?)body["credential"]!["code"]);
        Assert.StartsWith("R-", (string?)body["reference"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASharedTokenSourceNeedsTheExactToken()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var good = Post("legacy", Body());
        good.Headers.Add("X-Webhook-Token", Token);
        var bad = Post("legacy", Body());
        bad.Headers.Add("X-Webhook-Token", Token + "x");

        using var accepted = await adapter.Http.SendAsync(good);
        using var refused = await adapter.Http.SendAsync(bad);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("invalid_signature", await CodeAsync(refused, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("paused")]
    [InlineData("ACME")]
    public async Task UnknownAndDisabledSourcesLookTheSame(string source)
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var request = Post(source, Body());
        request.Headers.Add("X-Webhook-Token", Token);

        using var response = await adapter.Http.SendAsync(request);

        Assert.Equal("not_found", await CodeAsync(response, HttpStatusCode.NotFound));
        var text = (await Adapter.ReadJsonAsync(response)).ToJsonString();
        foreach (var name in new[] { "acme", "hotelpms", "legacy", "paused" })
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSecretSignatureOrPinReachesTheLogs()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var signed = StandardWebhook(Body("73915"));
        var signature = signed.Headers.GetValues("webhook-signature").Single();
        using (await adapter.Http.SendAsync(signed)) { }
        var forged = StandardWebhook(Body("73915"), secret: "whsec_" + Convert.ToBase64String(new byte[24]));
        var forgedSignature = forged.Headers.GetValues("webhook-signature").Single();
        using (await adapter.Http.SendAsync(forged)) { }
        var hmac = Post("hotelpms", Body("73915"));
        hmac.Headers.Add("X-Hotel-Signature", "sha256=" + new string('a', 64));
        using (await adapter.Http.SendAsync(hmac)) { }

        var logs = adapter.AllLogText();
        Assert.Contains("created for request", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { "73915", StandardSecret, StandardSecret[6..], HmacSecret, Token, signature[3..], forgedSignature[3..], new string('a', 64), FakeSeamSeed.ApiKey })
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (string?)(await Adapter.ReadJsonAsync(response))["code"];
    }
}
