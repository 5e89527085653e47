using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// Key Vault's secrets endpoint as a transport for the real <see cref="SecretClient"/>: the SDK's challenge
/// handshake, bearer auth and JSON answers all run for real; only the network is replaced.
/// </summary>
internal sealed class StubKeyVault : HttpMessageHandler
{
    public static readonly Uri VaultUri = new("https://stub-vault.vault.azure.net/");
    private int _reads;

    /// <summary>The value every secret holds now, unless <see cref="Secrets"/> names it.</summary>
    public string SecretValue { get; set; } = "";

    /// <summary>Values of particular secrets by name.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Secrets { get; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _readsByName = new();

    /// <summary>Authenticated reads of one secret.</summary>
    public int ReadsOf(string name) => _readsByName.GetValueOrDefault(name);

    /// <summary>When set, secret reads answer this status instead.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>How long a secret read takes.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Authenticated secret reads that reached the vault.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public SecretClientOptions ClientOptions() => new()
    {
        Transport = new HttpClientTransport(new HttpClient(this)),
        Retry = { MaxRetries = 0 },
        DisableChallengeResourceVerification = true,
    };

    public SecretClient Client() => new(VaultUri, new StaticTokenCredential(), ClientOptions());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"");
            return challenge;
        }

        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        if (request.Method != HttpMethod.Get || segments is not ["secrets", var name, ..])
            return new HttpResponseMessage(HttpStatusCode.NotFound);

        Interlocked.Increment(ref _reads);
        _readsByName.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (Latency > TimeSpan.Zero)
            await Task.Delay(Latency, cancellationToken);

        if (FailWith is { } status)
        {
            return Json(status, new Dictionary<string, object>
            {
                ["error"] = new Dictionary<string, string> { ["code"] = status == HttpStatusCode.Forbidden ? "Forbidden" : "InternalError", ["message"] = "stub failure" },
            });
        }

        return Json(HttpStatusCode.OK, new Dictionary<string, object>
        {
            ["value"] = Secrets.TryGetValue(name, out var value) ? value : SecretValue,
            ["id"] = $"{VaultUri}secrets/{name}/0123456789abcdef0123456789abcdef",
            ["attributes"] = new Dictionary<string, object> { ["enabled"] = true },
        });
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    private sealed class StaticTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("stub-access-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    internal static TokenCredential Credential() => new StaticTokenCredential();
}
