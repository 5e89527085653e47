using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Commands;

/// <summary>
/// Each sentence of the key policy (docs/idempotency.md, "Which key a request has"), through the DevServer: which
/// key a request has, and what happens when it gives two.
/// </summary>
public sealed class KeyPolicyTests
{
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string HmacSecret = "key-policy-hmac-secret-5e1f";

    private static Task<Adapter> StartAsync() => Adapter.StartAsync(new Dictionary<string, string?>
    {
        ["Webhooks:Sources:svix:Scheme"] = "standard-webhooks",
        ["Webhooks:Sources:svix:Secret"] = StandardSecret,
        ["Webhooks:Sources:pms:Scheme"] = "hmac-sha256",
        ["Webhooks:Sources:pms:Secret"] = HmacSecret,
    });

    private static HttpRequestMessage Post(JsonObject body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return request;
    }

    private static JsonObject Body(string code, string? reference = null)
    {
        var body = Adapter.ValidRequest(code);
        if (reference is not null)
            body["reference"] = reference;
        return body;
    }

    [Fact]
    public async Task AReferenceThatCanStandInAPathNamesTheCredentialAndIsItsKey()
    {
        await using var adapter = await StartAsync();

        var first = await adapter.SendAsync(Post(Body("1357", "booking-k1")));
        var again = await adapter.SendAsync(Post(Body("1357", "booking-k1")));
        using var read = await adapter.Http.GetAsync("api/credentials/booking-k1");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body.ToJsonString(), again.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("Idempotency-Key")]
    [InlineData("webhook-id")]
    public async Task AKeyHeaderWithAPathValidReferenceIsA400NamingTheHeaderAndNothingIsCreated(string header)
    {
        await using var adapter = await StartAsync();

        var refused = await adapter.SendAsync(Post(Body("1357", "booking-k2"), (header, "k-2")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("not both", (string?)refused.Body["errors"]![header]![0], StringComparison.Ordinal);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task BothKeyHeadersAreA400NamingTheSecond()
    {
        await using var adapter = await StartAsync();

        var refused = await adapter.SendAsync(Post(Body("1357"), ("Idempotency-Key", "k-3"), ("webhook-id", "msg_3")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Body["errors"]!["webhook-id"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AReferenceThatCannotStandInAPathIsTheKeyOnlyWhenNoHeaderGivesOne()
    {
        await using var adapter = await StartAsync();
        const string label = "Booking #7 (Smith)";

        var byLabel = await adapter.SendAsync(Post(Body("2468", label)));
        var byLabelAgain = await adapter.SendAsync(Post(Body("2468", label)));
        var byHeader = await adapter.SendAsync(Post(Body("2468", label), ("Idempotency-Key", "k-4a")));
        var byOtherHeader = await adapter.SendAsync(Post(Body("2468", label), ("Idempotency-Key", "k-4b")));

        Assert.Equal(byLabel.Body.ToJsonString(), byLabelAgain.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, byHeader.Status);
        Assert.Equal(HttpStatusCode.Created, byOtherHeader.Status);
        Assert.Equal(label, (string?)byOtherHeader.Body["reference"]); // still echoed
        Assert.Equal(3, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task ASignedDeliverysPathValidReferenceComesBeforeItsSignedId()
    {
        await using var adapter = await StartAsync();
        var body = Body("3579", "booking-k5").ToJsonString();

        var first = await adapter.SendAsync(Senders.StandardWebhooks("svix", body, StandardSecret));
        var second = await adapter.SendAsync(Senders.StandardWebhooks("svix", body, StandardSecret)); // another delivery id, same booking

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.Single(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task WithoutAReferenceASignedIdComesBeforeTheBytes()
    {
        await using var adapter = await StartAsync();

        var first = await adapter.SendAsync(Senders.StandardWebhooks("svix", Body("3579").ToJsonString(), StandardSecret, id: "msg_k6"));
        var respaced = await adapter.SendAsync(Senders.StandardWebhooks("svix", Body("3579").ToJsonString().Replace(",", ", ", StringComparison.Ordinal), StandardSecret, id: "msg_k6"));

        Assert.Equal(first.Body.ToJsonString(), respaced.Body.ToJsonString());
        Assert.Single(adapter.Seam.State.Credentials);
    }

    [Fact]
    public async Task ALabelReferenceComesBeforeTheBytesAndOtherwiseTheExactBytesAreTheKey()
    {
        await using var adapter = await StartAsync();
        var labelled = Body("4680", "Booking #8").ToJsonString();
        var unlabelled = Body("4680").ToJsonString();

        await adapter.SendAsync(Senders.HmacSha256("pms", labelled, HmacSecret));
        await adapter.SendAsync(Senders.HmacSha256("pms", labelled.Replace(",", ", ", StringComparison.Ordinal), HmacSecret)); // same label: replayed
        await adapter.SendAsync(Senders.HmacSha256("pms", unlabelled, HmacSecret));
        await adapter.SendAsync(Senders.HmacSha256("pms", unlabelled.Replace(",", ", ", StringComparison.Ordinal), HmacSecret)); // other bytes: another request

        Assert.Equal(3, adapter.Seam.State.Credentials.Count);
    }

    [Fact]
    public async Task HeadersTheSignatureDoesNotCoverNeverCountOnSignedRoutes()
    {
        await using var adapter = await StartAsync();
        var body = Body("5791").ToJsonString();
        using var withKey = Senders.HmacSha256("pms", body, HmacSecret);
        withKey.Headers.Add("Idempotency-Key", "chosen-by-anyone");
        using var otherKey = Senders.HmacSha256("pms", body, HmacSecret);
        otherKey.Headers.Add("Idempotency-Key", "chosen-again");

        var first = await adapter.SendAsync(withKey);
        var second = await adapter.SendAsync(otherKey);

        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.Equal(FakeSeamSeed.AcsUserId.ToString(), (string?)Assert.Single(adapter.Seam.State.Credentials)["acs_user_id"]);
    }
}
