using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SeamFunctions.DevServer;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// The adapter as a caller meets it: the DevServer on 127.0.0.1 over real HTTP, in front of the fake Seam
/// (also real HTTP), with every log line captured.
/// </summary>
internal sealed class Adapter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsSeam;

    private Adapter(WebApplication app, FakeSeamServer seam, FakeLoggerProvider logs, StubKeyVault? vault, bool ownsSeam)
    {
        _app = app;
        _ownsSeam = ownsSeam;
        Seam = seam;
        Logs = logs;
        Vault = vault;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
    }

    public FakeSeamServer Seam { get; }
    public FakeLoggerProvider Logs { get; }
    public StubKeyVault? Vault { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration on top of the defaults (fake Seam, its API key, no vault).</param>
    /// <param name="vault">When given, the key is read through the real <see cref="SecretClient"/> from this stub.</param>
    /// <param name="services">Last-minute service replacements.</param>
    /// <param name="sharedSeam">A fake Seam this adapter shares with another (and does not stop); a new one when null.</param>
    public static async Task<Adapter> StartAsync(
        IDictionary<string, string?>? settings = null,
        StubKeyVault? vault = null,
        Action<IServiceCollection>? services = null,
        FakeSeamServer? sharedSeam = null)
    {
        var seam = sharedSeam ?? await FakeSeamServer.StartAsync();
        var logs = new FakeLoggerProvider();
        var configuration = new Dictionary<string, string?>
        {
            ["Seam:BaseUrl"] = seam.BaseUrl.ToString(),
            ["Seam:ApiKey"] = vault is null ? FakeSeamSeed.ApiKey : null,
            ["KeyVault:Uri"] = vault is null ? "" : StubKeyVault.VaultUri.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            if (vault is not null)
            {
                builder.Services.AddSingleton(StubKeyVault.Credential());
                builder.Services.AddSingleton(vault.ClientOptions());
            }

            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new Adapter(app, seam, logs, vault, ownsSeam: sharedSeam is null);
    }

    public Task<HttpResponseMessage> PostAsync(string json, string contentType = "application/json") =>
        Http.PostAsync("api/credentials", new StringContent(json, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> PostAsync(JsonObject body) => PostAsync(body.ToJsonString());

    /// <summary>A valid request for the seeded ACS user.</summary>
    public static JsonObject ValidRequest(string code = "4821") => new()
    {
        ["acs_user_id"] = FakeSeamSeed.AcsUserId.ToString(),
        ["code"] = code,
    };

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Everything logged, as one text: messages, structured values and exceptions.</summary>
    public string AllLogText()
    {
        var text = new StringBuilder();
        foreach (var record in Logs.Collector.GetSnapshot())
        {
            text.AppendLine(record.Message);
            foreach (var (key, value) in record.StructuredState ?? [])
                text.Append(key).Append('=').AppendLine(value);
            if (record.Exception is not null)
                text.AppendLine(record.Exception.ToString());
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsSeam)
            await Seam.DisposeAsync();
    }
}
