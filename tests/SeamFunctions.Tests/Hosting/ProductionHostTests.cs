using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SeamFunctions.FakeSeam;
using SeamFunctions.FunctionApp;
using SeamFunctions.Idempotency;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.Hosting;

/// <summary>
/// The host Azure runs (<see cref="FunctionAppHost"/>), built as in production with settings that point at the
/// fake Seam and a stub vault (read through the real SecretClient). Each function class is activated from its
/// container as the worker does and invoked with an HttpContext; the answers match the DevServer's.
/// </summary>
public sealed class ProductionHostTests : IAsyncLifetime, IDisposable
{
    private const string SourceToken = "token-of-the-production-host-test";
    private const string SeamWebhookSecret = "whsec_cHJvZHVjdGlvbi1ob3N0LXNlYW0tZXZlbnRz";
    private readonly StubKeyVault _vault = new();
    private FakeSeamServer _seam = null!;
    private IHost _host = null!;
    private Adapter _devServer = null!;
    private NotifyTarget _target = null!;

    private Dictionary<string, string?> Settings() => new()
    {
        ["Seam:BaseUrl"] = _seam.BaseUrl.ToString(),
        ["Seam:Timeout"] = "00:00:03",
        ["KeyVault:Uri"] = StubKeyVault.VaultUri.ToString(),
        ["Webhooks:Sources:pms:Scheme"] = "shared-token",
        ["Webhooks:Sources:pms:SecretName"] = "webhook-pms",
        ["Notify:Url"] = _target.Url.ToString(),
    };

    public async Task InitializeAsync()
    {
        _vault.Secrets["seam-api-key"] = FakeSeamSeed.ApiKey;
        _vault.Secrets["webhook-pms"] = SourceToken;
        _vault.Secrets["seam-webhook-secret"] = SeamWebhookSecret;
        _vault.Secrets["notify-secret"] = NotifyTarget.Secret;
        _target = await NotifyTarget.StartAsync();
        _seam = await FakeSeamServer.StartAsync();
        var builder = FunctionAppHost.CreateBuilder([], Settings());
        builder.Services.AddSingleton(StubKeyVault.Credential());
        builder.Services.AddSingleton(_vault.ClientOptions());
        _host = builder.Build();
        _devServer = await Adapter.StartAsync(Settings(), _vault);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _devServer.DisposeAsync();
        await _seam.DisposeAsync();
        await _target.DisposeAsync();
    }

    public void Dispose() => _vault.Dispose();

    /// <summary>The worker's activation of a function class: constructor injection from the app's container.</summary>
    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_host.Services);

    private DefaultHttpContext Context(string method, string path, string? json = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = _host.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        foreach (var (name, value) in headers)
            context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static (int Status, JsonObject Body) Answer(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonNode.Parse(context.Response.Body)!.AsObject());
    }

    private async Task<(int Status, JsonObject Body)> ThroughDevServerAsync(HttpRequestMessage request)
    {
        using var response = await _devServer.Http.SendAsync(request);
        return ((int)response.StatusCode, await Adapter.ReadJsonAsync(response));
    }

    private static HttpRequestMessage Post(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return request;
    }

    /// <summary>The same answer but for what differs per call (ids, times).</summary>
    private static void AssertSameAnswer((int Status, JsonObject Body) expected, (int Status, JsonObject Body) actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        static JsonObject Stable(JsonObject body)
        {
            var copy = body.DeepClone().AsObject();
            foreach (var name in new[] { "request_id", "seam_request_id" })
                copy.Remove(name);
            if (copy["credential"] is JsonObject credential)
            {
                foreach (var name in new[] { "acs_credential_id", "created_at", "issued_at" })
                    credential.Remove(name);
            }

            return copy;
        }

        Assert.Equal(Stable(expected.Body).ToJsonString(), Stable(actual.Body).ToJsonString());
    }

    [Fact]
    public async Task CreateCredentialAnswersAsTheDevServerDoes()
    {
        var json = Adapter.ValidRequest("4821").ToJsonString();
        var context = Context("POST", "/api/credentials", json, ("Idempotency-Key", "booking-prod-1"));

        await Function<CreateCredentialFunction>().RunAsync(context.Request);

        var answer = Answer(context);
        Assert.Equal(201, answer.Status);
        Assert.Equal("4821", (string?)answer.Body["credential"]!["code"]);
        AssertSameAnswer(await ThroughDevServerAsync(Post("api/credentials", json, ("Idempotency-Key", "booking-dev-1"))), answer);
        Assert.Equal(2, _vault.ReadsOf("seam-api-key")); // one read through each host's own cache: the key came from the vault
    }

    [Fact]
    public async Task ARefusalAnswersAsTheDevServerDoes()
    {
        var json = $$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":4821}""";
        var context = Context("POST", "/api/credentials", json);

        await Function<CreateCredentialFunction>().RunAsync(context.Request);

        AssertSameAnswer(await ThroughDevServerAsync(Post("api/credentials", json)), Answer(context));
        Assert.Equal(400, context.Response.StatusCode);
    }

    [Fact]
    public async Task ASourceDeliveryIsVerifiedWithTheVaultSecret()
    {
        var json = Adapter.ValidRequest("7311").ToJsonString();
        var signed = Context("POST", "/api/sources/pms/credentials", json, ("X-Webhook-Token", SourceToken));
        var forged = Context("POST", "/api/sources/pms/credentials", json, ("X-Webhook-Token", SourceToken + "x"));

        await Function<SourceCredentialFunction>().RunAsync(signed.Request, "pms");
        await Function<SourceCredentialFunction>().RunAsync(forged.Request, "pms");

        Assert.Equal(201, Answer(signed).Status);
        AssertSameAnswer(await ThroughDevServerAsync(Post("api/sources/pms/credentials", json, ("X-Webhook-Token", SourceToken + "x"))), Answer(forged));
        Assert.Equal("invalid_signature", (string?)Answer(forged).Body["code"]);
    }

    [Fact]
    public async Task SeamsEventsAreVerifiedWithTheVaultSecretAsTheDevServerDoes()
    {
        var json = $$"""{"event_type":"access_code.set_on_device","occurred_at":"2030-01-01T12:00:00Z","access_code_id":"{{Guid.NewGuid()}}"}""";
        using var signed = Senders.SeamEvent(json, SeamWebhookSecret);
        var headers = signed.Headers.Select(h => (h.Key, h.Value.Single())).ToArray();
        var context = Context("POST", "/api/seam/events", json, headers);
        var forged = Context("POST", "/api/seam/events", json.Replace("12:00", "13:00", StringComparison.Ordinal), headers);

        await Function<SeamEventsFunction>().RunAsync(context.Request);
        await Function<SeamEventsFunction>().RunAsync(forged.Request);

        Assert.Equal((200, true), (Answer(context).Status, (bool)Answer(context).Body["ignored"]!)); // verified; no record holds the id
        Assert.Equal("invalid_signature", (string?)Answer(forged).Body["code"]);
        AssertSameAnswer(await ThroughDevServerAsync(Senders.SeamEvent(json, SeamWebhookSecret)), Answer(context));
    }

    [Fact]
    public async Task TheNotificationsQueueTriggerSendsAMessageSignedWithTheVaultsNotifySecret()
    {
        var body = """{"type":"credential.issued","timestamp":"2030-01-01T12:00:00.000Z","data":{"reference":"booking-1"}}""";
        var message = new SeamFunctions.Notifications.QueuedNotification("ntf_production_host", "anonymous", "booking-1", "credential.issued", 0, body);

        await Function<NotificationsFunction>().RunAsync(message.ToJson(), CancellationToken.None);
        var told = await _target.NextAsync();

        Assert.Equal(("ntf_production_host", true, body), (told.Id, told.SignatureValid, told.Text));
    }

    [Fact]
    public async Task TheCommandsQueueTriggerRunsAQueuedPutOnce()
    {
        var put = Context("PUT", "/api/credentials/host-queued-1", LockStays.Stay("615273").ToJsonString(), ("Prefer", "respond-async"));
        await Function<CredentialByReferenceFunctions>().PutAsync(put.Request, "host-queued-1");
        var queue = _host.Services.GetRequiredService<SeamFunctions.Queues.IMessageQueue<SeamFunctions.Intake.QueuedCommandMessage>>();
        var received = await queue.ReceiveAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var text = SeamFunctions.Queues.MessageText.Of(received!.Message!, SeamFunctions.Intake.QueuedCommandJsonContext.Default.QueuedCommandMessage);

        await Function<CommandsFunction>().RunAsync(text, CancellationToken.None);
        await Function<CommandsFunction>().RunAsync(text, CancellationToken.None); // delivered twice: runs once

        Assert.Equal(202, Answer(put).Status);
        Assert.Equal(2, _seam.State.AccessCodes.Count(c => (string?)c["code"] == "615273"));
        var read = Context("GET", "/api/credentials/host-queued-1");
        await Function<CredentialByReferenceFunctions>().GetAsync(read.Request, "host-queued-1");
        Assert.Equal(200, Answer(read).Status);
    }

    [Fact]
    public async Task HealthAndTheApiDescriptionAnswerAsTheDevServerDoes()
    {
        var health = Context("GET", "/api/health");
        var openApi = Context("GET", "/api/openapi.json");

        await Function<HealthFunction>().RunAsync(health.Request);
        await OpenApiFunction.RunAsync(openApi.Request);

        AssertSameAnswer(await ThroughDevServerAsync(new HttpRequestMessage(HttpMethod.Get, "api/health")), Answer(health));
        AssertSameAnswer(await ThroughDevServerAsync(new HttpRequestMessage(HttpMethod.Get, "api/openapi.json")), Answer(openApi));
    }

    [Fact]
    public async Task ThePurgeRemovesExpiredRecordsFromTheHostsStore()
    {
        var store = _host.Services.GetRequiredService<IIdempotencyStore>();
        var past = DateTimeOffset.UtcNow.AddDays(-2);
        Assert.True(await store.TryInsertAsync(new IdempotencyRecord
        {
            Scope = "test", KeyHash = "expired", Fingerprint = "f", State = IdempotencyState.Done,
            AttemptStartedAt = past, LastAttemptAt = past, LeaseUntil = past, ExpiresAt = past.AddDays(1),
        }, CancellationToken.None));

        await Function<PurgeExpiredRecordsFunction>().RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Null(await store.GetAsync("test", "expired", CancellationToken.None));
    }
}
