using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SeamFunctions.Commands;
using SeamFunctions.FakeSeam;
using SeamFunctions.Idempotency;
using SeamFunctions.Tests.Support;
using SeamFunctions.Validation;

namespace SeamFunctions.Tests.Idempotency;

/// <summary>
/// Exactly-once through the DevServer over real HTTP, with records in real Azurite and the fake Seam counting
/// every create it receives.
/// </summary>
[Collection(UsesAzurite.Name)]
public sealed class ExactlyOnceTests(Azurite azurite)
{
    private Task<Adapter> StartAsync(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString };
        foreach (var (key, value) in settings)
            all[key] = value;
        return Adapter.StartAsync(all);
    }

    private static Task<HttpResponseMessage> PostAsync(Adapter adapter, JsonObject body, string? key, string? functionKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/credentials")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
            request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        if (functionKey is not null)
            request.Headers.Add("x-functions-key", functionKey);
        return adapter.Http.SendAsync(request);
    }

    private static string NewKey() => "booking-" + Guid.NewGuid().ToString("N");

    private static async Task<string> CredentialIdAsync(HttpResponseMessage response) =>
        (string)(await Adapter.ReadJsonAsync(response))["credential"]!["acs_credential_id"]!;

    [Fact]
    public async Task RetryWithSameKeyReplaysFirstAnswer()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();

        using var first = await PostAsync(adapter, Adapter.ValidRequest(), key);
        using var retry = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await retry.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task SameKeyForADifferentRequestIs422()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        using var first = await PostAsync(adapter, Adapter.ValidRequest("1111"), key);

        using var other = await PostAsync(adapter, Adapter.ValidRequest("2222"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (string?)(await Adapter.ReadJsonAsync(other))["code"]);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task SameKeyWhileTheFirstIsInFlightIs409WithRetryAfter()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromSeconds(2), CreateFirst: false));
        var first = PostAsync(adapter, Adapter.ValidRequest(), key);
        while (adapter.Seam.State.CreateRequests == 0)
            await Task.Delay(10);

        using var second = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = await Adapter.ReadJsonAsync(second);
        Assert.Equal("idempotency_in_progress", (string?)body["code"]);
        Assert.True((bool)body["retryable"]!);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task FiftyIdenticalRequestsAtOnceCreateExactlyOneCredential()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromMilliseconds(500), CreateFirst: false));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => PostAsync(adapter, Adapter.ValidRequest(), key)));

        Assert.Equal(1, adapter.Seam.State.CreateRequests);
        var credentialId = (string)Assert.Single(adapter.Seam.State.Credentials)["acs_credential_id"]!;
        foreach (var response in responses)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.Created)
                Assert.Equal(credentialId, await CredentialIdAsync(response));
            else
                Assert.Equal("idempotency_in_progress", (string?)(await Adapter.ReadJsonAsync(response))["code"]);
            response.Dispose();
        }

        using var settled = await PostAsync(adapter, Adapter.ValidRequest(), key);
        Assert.Equal(HttpStatusCode.Created, settled.StatusCode);
        Assert.Equal(credentialId, await CredentialIdAsync(settled));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ATimeoutAfterSeamCreatedIsReconciledOnRetryIntoThatSameCredential()
    {
        await using var adapter = await StartAsync(("Seam:Timeout", "00:00:03"), ("Idempotency:Lease", "00:00:10"), ("Idempotency:ReconcileAfter", "00:00:00"));
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Delay(TimeSpan.FromSeconds(5), CreateFirst: true));

        using var timedOut = await PostAsync(adapter, Adapter.ValidRequest(), key);
        using var retry = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var stored = Assert.Single(adapter.Seam.State.Credentials);
        Assert.Equal((string?)stored["acs_credential_id"], await CredentialIdAsync(retry));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AnAmbiguousFailureWhereSeamCreatedNothingIsCreatedOnRetry()
    {
        await using var adapter = await StartAsync(("Idempotency:ReconcileAfter", "00:00:00"));
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "service_unavailable", "Down"));

        using var failed = await PostAsync(adapter, Adapter.ValidRequest(), key);
        using var retry = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Single(adapter.Seam.State.Credentials);
        Assert.Equal(2, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task RightAfterAnAmbiguousFailureARetryIsAskedToWait()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(500, "internal_error", "Oops"));
        using var failed = await PostAsync(adapter, Adapter.ValidRequest(), key);

        using var retry = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.InRange(retry.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AfterASecondAmbiguousAttemptTheWaitStartsAgain()
    {
        await using var adapter = await StartAsync(("Idempotency:ReconcileAfter", "00:00:02"));
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "unavailable", "Down"));
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(503, "unavailable", "Down"));
        using (var first = await PostAsync(adapter, Adapter.ValidRequest(), key))
            Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        // Reconciles (nothing found), creates again, ambiguous again.
        using (var second = await PostAsync(adapter, Adapter.ValidRequest(), key))
            Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        // Seam may still be working on the second attempt: wait, don't create a third time yet.
        using var third = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(2, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ValidationFailuresAreNotStoredSoTheCallerCanFixAndRetry()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        var invalid = Adapter.ValidRequest();
        invalid["code"] = 4821;

        using var refused = await PostAsync(adapter, invalid, key);
        using var fixedUp = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
    }

    [Fact]
    public async Task WhenSeamSurelyDidNothingTheKeyIsFreeAgain()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        adapter.Seam.State.EnqueueFault(new FakeSeamFault.Status(429, "rate_limited", "Slow down", "1"));

        using var limited = await PostAsync(adapter, Adapter.ValidRequest(), key);
        using var retry = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task SeamsDefiniteRefusalIsReplayed()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();

        using var rejected = await PostAsync(adapter, Adapter.ValidRequest("12"), key);
        using var retry = await PostAsync(adapter, Adapter.ValidRequest("12"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task ExpiredRecordsNeitherReplayNorBlock()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        var now = DateTimeOffset.UtcNow;
        await InsertAsync(key, Adapter.ValidRequest(), new IdempotencyRecordState(IdempotencyState.Done, now.AddDays(-2), now.AddDays(-2), now.AddMinutes(-1)));

        using var response = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AnAttemptThatCrashedMidFlightBlocksOnlyUntilItsLeaseEndsAndIsThenReconciled()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        var now = DateTimeOffset.UtcNow;
        // The crashed attempt had reached Seam: the credential exists, the record says in flight.
        using var seam = new HttpClient { BaseAddress = adapter.Seam.BaseUrl };
        seam.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeSeamSeed.ApiKey);
        using (await seam.PostAsync("acs/credentials/create", new StringContent(
                   $$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","access_method":"code","code":"4821"}""", Encoding.UTF8, "application/json"))) { }
        await InsertAsync(key, Adapter.ValidRequest(), new IdempotencyRecordState(IdempotencyState.InFlight, now.AddMinutes(-1), now.AddSeconds(-1), now.AddDays(1)));

        using var response = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((string?)Assert.Single(adapter.Seam.State.Credentials)["acs_credential_id"], await CredentialIdAsync(response));
        Assert.Equal(1, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task KeysBelongToTheirCaller()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();

        using var a = await PostAsync(adapter, Adapter.ValidRequest(), key, functionKey: "function-key-of-pms-a");
        using var b = await PostAsync(adapter, Adapter.ValidRequest(), key, functionKey: "function-key-of-pms-b");

        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.NotEqual(await CredentialIdAsync(a), await CredentialIdAsync(b));
    }

    [Fact]
    public async Task QuotedBareWebhookIdAndReferenceKeysAllWork()
    {
        await using var adapter = await StartAsync();
        var key = NewKey();
        using var bare = await PostAsync(adapter, Adapter.ValidRequest(), key);
        using var quoted = await PostAsync(adapter, Adapter.ValidRequest(), $"\"{key}\"");
        Assert.Equal("true", quoted.Headers.GetValues("Idempotent-Replayed").Single());

        var withReference = Adapter.ValidRequest("9090");
        withReference["reference"] = NewKey();
        using var byReference = await PostAsync(adapter, withReference, key: null);
        using var byReferenceAgain = await PostAsync(adapter, withReference, key: null);
        Assert.Equal("true", byReferenceAgain.Headers.GetValues("Idempotent-Replayed").Single());

        var withLabel = Adapter.ValidRequest("8080");
        withLabel["reference"] = "Booking #" + NewKey(); // cannot stand in a path: a key for this request, not a handle
        using var byLabel = await PostAsync(adapter, withLabel, key: null);
        using var byLabelAgain = await PostAsync(adapter, withLabel, key: null);
        Assert.Equal(HttpStatusCode.Created, byLabel.StatusCode);
        Assert.Equal("true", byLabelAgain.Headers.GetValues("Idempotent-Replayed").Single());
        using var labelRead = await adapter.Http.GetAsync("api/credentials/" + Uri.EscapeDataString((string)withLabel["reference"]!));
        Assert.Equal(HttpStatusCode.BadRequest, labelRead.StatusCode); // no lifecycle by such a reference

        using var webhook = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = new StringContent(Adapter.ValidRequest("7070").ToJsonString(), Encoding.UTF8, "application/json") };
        webhook.Headers.Add("webhook-id", "msg_" + Guid.NewGuid().ToString("N"));
        using var viaWebhook = await adapter.Http.SendAsync(webhook);
        using var webhookAgain = new HttpRequestMessage(HttpMethod.Post, "api/credentials") { Content = new StringContent(Adapter.ValidRequest("7070").ToJsonString(), Encoding.UTF8, "application/json") };
        webhookAgain.Headers.Add("webhook-id", webhook.Headers.GetValues("webhook-id").Single());
        using var viaWebhookAgain = await adapter.Http.SendAsync(webhookAgain);
        Assert.Equal("true", viaWebhookAgain.Headers.GetValues("Idempotent-Replayed").Single());

        Assert.Equal(4, adapter.Seam.State.CreateRequests);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\n escape\"")]
    [InlineData("\"\"")]
    public async Task AMalformedKeyIs400AndNothingIsCreated(string key)
    {
        await using var adapter = await StartAsync();

        using var response = await PostAsync(adapter, Adapter.ValidRequest(), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (string?)(await Adapter.ReadJsonAsync(response))["code"]);
        Assert.Equal(0, adapter.Seam.State.CreateRequests);
    }

    [Fact]
    public async Task AKeyLongerThan255CharactersIs400()
    {
        await using var adapter = await StartAsync();

        using var response = await PostAsync(adapter, Adapter.ValidRequest(), new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed record IdempotencyRecordState(IdempotencyState State, DateTimeOffset AttemptStartedAt, DateTimeOffset LeaseUntil, DateTimeOffset ExpiresAt);

    /// <summary>Writes a record as an earlier (crashed or long past) attempt would have left it.</summary>
    private async Task InsertAsync(string key, JsonObject body, IdempotencyRecordState state)
    {
        var request = new AccessRequestParser(TimeProvider.System).Parse(Encoding.UTF8.GetBytes(body.ToJsonString())).Request!;
        var store = new TableIdempotencyStore(new TableServiceClient(azurite.ConnectionString).GetTableClient(new IdempotencyOptions().TableName));
        Assert.True(await store.TryInsertAsync(new IdempotencyRecord
        {
            Scope = "anonymous",
            KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
            Fingerprint = RequestFingerprint.Of(request),
            State = state.State,
            AttemptStartedAt = state.AttemptStartedAt,
            LastAttemptAt = state.AttemptStartedAt,
            LeaseUntil = state.LeaseUntil,
            ExpiresAt = state.ExpiresAt,
            Status = state.State == IdempotencyState.Done ? 201 : null,
            ContentType = state.State == IdempotencyState.Done ? "application/json" : null,
            Body = state.State == IdempotencyState.Done ? "{\"stale\":true}"u8.ToArray() : null,
        }, default));
    }
}
