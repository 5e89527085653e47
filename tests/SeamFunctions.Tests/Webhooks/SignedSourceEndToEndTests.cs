using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Webhooks;

/// <summary>Signed webhook sources through the DevServer over real HTTP; secrets from the (stub) vault.</summary>
public sealed class SignedSourceEndToEndTests
{
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string HmacSecret = "pms-hmac-secret-4f1e";
    private const string Token = "static-token-9b2d7c";
    private const string BasicSecret = "hostaway-hook:pa55-w0rd-7f1e";

    private static async Task<Adapter> StartAsync(StubKeyVault vault, string retryAfterFailure = "00:00:15")
    {
        vault.Secrets["seam-api-key"] = FakeSeamSeed.ApiKey;
        vault.Secrets["webhook-acme"] = StandardSecret;
        vault.Secrets["webhook-hotelpms"] = HmacSecret;
        vault.Secrets["webhook-legacy"] = Token;
        vault.Secrets["webhook-hostaway"] = BasicSecret;
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
            ["Webhooks:Sources:guesty:Scheme"] = "standard-webhooks",
            ["Webhooks:Sources:guesty:SecretName"] = "webhook-acme",
            ["Webhooks:Sources:hostaway:Scheme"] = "basic",
            ["Webhooks:Sources:hostaway:SecretName"] = "webhook-hostaway",
            ["Webhooks:Sources:mews:Scheme"] = "shared-token",
            ["Webhooks:Sources:mews:SecretName"] = "webhook-legacy",
            ["Webhooks:Sources:mews:QueryParameter"] = "token",
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

    private static HttpRequestMessage HmacSigned(string payload, string secret = HmacSecret)
    {
        var request = Post("hotelpms", payload);
        request.Headers.Add("X-Hotel-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))));
        return request;
    }

    private static string PmsPayload(string reservation, string code = "0042") =>
        $$"""{"reservation":{"id":"{{reservation}}","door_code":"{{code}}","guest":{"seam_user":"{{FakeSeamSeed.AcsUserId}}"} } }""";

    private static HttpRequestMessage WithToken(HttpRequestMessage request)
    {
        request.Headers.Add("X-Webhook-Token", Token);
        return request;
    }

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
        await Eventually.ValueAsync(() => Task.FromResult(vault.ReadsOf("seam-api-key")), reads => reads == 1); // the one read at start-up

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
        Assert.Equal(1, vault.ReadsOf("seam-api-key")); // none more: a refused delivery never reads the key
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

    [Fact]
    public async Task AnAddedIdempotencyKeyCannotTurnAResentStandardWebhookIntoASecondPin()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        using (var first = await adapter.Http.SendAsync(StandardWebhook(Body(), id)))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var resent = StandardWebhook(Body(), id);
            resent.Headers.Add("Idempotency-Key", "attacker-" + i);
            using var response = await adapter.Http.SendAsync(resent);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
        }

        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ACapturedHmacDeliveryWithAChosenKeyCannotBlockALaterBooking()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var captured = HmacSigned(PmsPayload("R-1", "1111"));
        captured.Headers.Add("Idempotency-Key", "R-2");
        using (var replayed = await adapter.Http.SendAsync(captured))
            Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);

        using var real = await adapter.Http.SendAsync(HmacSigned(PmsPayload("R-2", "2222")));

        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal("R-2", (string?)(await Adapter.ReadJsonAsync(real))["reference"]);
        Assert.Equal(2, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task AnIdenticalResendWithoutAReferenceReplaysByItsBytes()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);

        using var first = await adapter.Http.SendAsync(WithToken(Post("legacy", Body("5150"))));
        using var resent = await adapter.Http.SendAsync(WithToken(Post("legacy", Body("5150"))));
        using var other = await adapter.Http.SendAsync(WithToken(Post("legacy", Body("5151"))));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("true", resent.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ABrokenEscapeInAFieldTheMapIgnoresIsA400NotA500()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var payload = $$"""{"note":"\ud800","reservation":{"id":"R-{{Guid.NewGuid():N}}","door_code":"0042","guest":{"seam_user":"{{FakeSeamSeed.AcsUserId}}","name":"\udc00"} } }""";

        using var response = await adapter.Http.SendAsync(HmacSigned(payload));

        Assert.Equal("invalid_json", await CodeAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
        Assert.DoesNotContain(adapter.Logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ADuplicatedNameOnAMappedPathIsRefusedNamingTheField()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var payload = $$"""{"reservation":{"id":"R-7","door_code":"1111","door_code":"2222","guest":{"seam_user":"{{FakeSeamSeed.AcsUserId}}"} } }""";

        using var response = await adapter.Http.SendAsync(HmacSigned(payload));

        Assert.Equal("invalid_request", await CodeAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("whsec_not base64!")]
    public async Task AWeakStandardWebhooksSecretInTheVaultIsNeverUsed(string weak)
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        vault.Secrets["webhook-acme"] = weak;
        // Signed with the (empty or short) key the weak secret stands for, as someone who guessed it would.
        var key = weak == "whsec_c2hvcnQ=" ? "short"u8.ToArray() : [];
        var delivery = StandardWebhook(Body());
        var id = delivery.Headers.GetValues("webhook-id").Single();
        var timestamp = delivery.Headers.GetValues("webhook-timestamp").Single();
        delivery.Headers.Remove("webhook-signature");
        delivery.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{Body()}"))));

        using var response = await adapter.Http.SendAsync(delivery);

        Assert.Equal("secret_unavailable", await CodeAsync(response, HttpStatusCode.ServiceUnavailable));
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
        Assert.Contains(adapter.Logs.Collector.GetSnapshot(), r =>
            r.Level == LogLevel.Error && r.Message.Contains("secret of webhook source acme is refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AShortHmacSecretInTheVaultIsRefusedOnEveryRead()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        vault.Secrets["webhook-hotelpms"] = "short";

        using var response = await adapter.Http.SendAsync(HmacSigned(PmsPayload("R-3"), secret: "short"));

        Assert.Equal("secret_unavailable", await CodeAsync(response, HttpStatusCode.ServiceUnavailable));
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task SvixHeaderNamesAreStandardWebhooksAndTheSvixIdNamesTheDelivery()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        HttpRequestMessage AsSvix()
        {
            var standard = StandardWebhook(Body(), id);
            var svix = Post("guesty", Body());
            foreach (var name in new[] { "id", "timestamp", "signature" })
                svix.Headers.Add("svix-" + name, standard.Headers.GetValues("webhook-" + name));
            return svix;
        }

        using var first = await adapter.Http.SendAsync(AsSvix());
        using var again = await adapter.Http.SendAsync(AsSvix());
        var tampered = AsSvix();
        tampered.Content = new StringContent(Body("9999"), Encoding.UTF8, "application/json");
        using var refused = await adapter.Http.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("invalid_signature", await CodeAsync(refused, HttpStatusCode.Unauthorized));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData(BasicSecret, HttpStatusCode.Created)]
    [InlineData("hostaway-hook:wrong-password-7f1e", HttpStatusCode.Unauthorized)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task BasicAuthenticationIsCheckedAgainstTheVaultsUserAndPassword(string? credentials, HttpStatusCode expected)
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);
        var request = Post("hostaway", Body());
        if (credentials is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        using var response = await adapter.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("pa55-w0rd", adapter.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenInTheQueryStringAuthenticatesAndNeverReachesTheLogs()
    {
        using var vault = new StubKeyVault();
        await using var adapter = await StartAsync(vault);

        var good = Post("mews", Body());
        good.RequestUri = new Uri($"api/sources/mews/credentials?token={Token}", UriKind.Relative);
        using var accepted = await adapter.Http.SendAsync(good);
        var bad = Post("mews", Body());
        bad.RequestUri = new Uri($"api/sources/mews/credentials?token={Token}x", UriKind.Relative);
        using var refused = await adapter.Http.SendAsync(bad);
        var header = Post("mews", Body());
        header.Headers.Add("X-Webhook-Token", Token); // the header does not count for a query-token source
        using var wrongPlace = await adapter.Http.SendAsync(header);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("invalid_signature", await CodeAsync(refused, HttpStatusCode.Unauthorized));
        Assert.Equal("missing_signature", await CodeAsync(wrongPlace, HttpStatusCode.Unauthorized));
        Assert.DoesNotContain(Token, adapter.AllLogText(), StringComparison.Ordinal);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (string?)(await Adapter.ReadJsonAsync(response))["code"];
    }
}
