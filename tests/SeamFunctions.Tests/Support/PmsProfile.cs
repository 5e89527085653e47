using System.Net;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.Tests.Support;

/// <summary>
/// A ready profile of docs/pms (guesty, lodgify, hostaway) as an operator sets it up: its settings exactly as
/// documented, its secret in the stub vault, and its sample deliveries signed or authenticated as that sender does.
/// </summary>
internal sealed class PmsProfile
{
    public const string SvixSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string LodgifySecret = "lodgify-signing-secret-2d9e";
    public const string HostawayLogin = "seam-adapter:h0staway-pa55-91c2";

    private PmsProfile(string name, Dictionary<string, string?> settings)
    {
        Name = name;
        Settings = settings;
    }

    public string Name { get; }

    /// <summary>The documented settings, as configuration keys (<c>:</c> for <c>__</c>).</summary>
    public Dictionary<string, string?> Settings { get; }

    public string Folder => Path.Combine(RepositoryRoot.Path, "docs", "pms", Name);

    /// <param name="settingsFile"><c>settings.json</c> (an access system's entrances) or <c>settings-locks.json</c> (smart locks).</param>
    public static async Task<PmsProfile> LoadAsync(string name, string settingsFile = "settings.json")
    {
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "pms", name, settingsFile)))!.AsObject()
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        return new PmsProfile(name, settings);
    }

    /// <summary>The DevServer with this profile; <paramref name="vault"/> holds the Seam key and the sender's secret.</summary>
    public Task<Adapter> StartAsync(StubKeyVault vault, params (string Key, string? Value)[] more)
    {
        vault.Secrets["seam-api-key"] = FakeSeamSeed.ApiKey;
        vault.Secrets[Settings[$"Webhooks:Sources:{Name}:SecretName"]!] = Name switch { "guesty" => SvixSecret, "lodgify" => LodgifySecret, _ => HostawayLogin };
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in more)
            settings[key] = value;
        return Adapter.StartAsync(settings, vault);
    }

    public Task<string> SampleAsync(string sample) => File.ReadAllTextAsync(Path.Combine(Folder, sample));

    /// <summary>
    /// <paramref name="json"/> signed or authenticated as this sender does. <paramref name="deliveryId"/>: the id a
    /// Standard Webhooks sender signs (the same on its retries); a new one when not given.
    /// </summary>
    public HttpRequestMessage Delivery(string json, string? deliveryId = null) => Name switch
    {
        "guesty" => Senders.StandardWebhooks(Name, json, SvixSecret, prefix: "svix-", id: deliveryId), // Svix, as Guesty signs
        "lodgify" => Senders.HmacSha256(Name, json, LodgifySecret, header: "ms-signature"),
        _ => Senders.Basic(Name, json, HostawayLogin), // the login set in Hostaway's webhook
    };

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendSampleAsync(Adapter adapter, string sample) =>
        await adapter.SendAsync(Delivery(await SampleAsync(sample)));
}
