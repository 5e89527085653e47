using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;
using SeamFunctions.Secrets;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Events;

/// <summary>
/// Seam as a webhook sender (through Svix: <c>svix-id</c>, <c>svix-timestamp</c>, <c>svix-signature</c>, a
/// <c>whsec_</c> secret): the Standard Webhooks scheme with a 5-minute tolerance. Its secret comes from the vault
/// (<c>Seam__WebhookSecretName</c>) or, locally, <c>Seam__WebhookSecret</c>; with neither, there is no source.
/// </summary>
internal sealed class SeamEventSource : IDisposable
{
    public SeamEventSource(IOptions<SeamOptions> seam, IOptions<KeyVaultOptions> keyVault, IServiceProvider services, TimeProvider time)
    {
        var options = seam.Value;
        ISecretSource? secret = keyVault.Value.VaultUri is not null
            ? new KeyVaultSecretSource(services.GetRequiredService<SecretClient>(), options.WebhookSecretName)
            : string.IsNullOrWhiteSpace(options.WebhookSecret) ? null : new ConfiguredSecretSource("Seam__WebhookSecret", () => options.WebhookSecret);
        if (secret is null)
            return;
        secret = new StrongSecretSource(secret, "seam", SignatureSchemes.StandardWebhooks, services.GetRequiredService<ILogger<WebhookSources>>());
        var settings = new WebhookSourceOptions { Scheme = SignatureSchemes.StandardWebhooks, Tolerance = TimeSpan.FromMinutes(5) };
        Source = new WebhookSource("seam", settings, new SecretCache(secret, keyVault, time, services.GetRequiredService<ILogger<SecretCache>>()), null, null);
    }

    /// <summary>The source, or null when no secret is configured (the route then answers 404).</summary>
    public WebhookSource? Source { get; }

    /// <summary>The delivery ledger's scope of Seam's events.</summary>
    public const string Scope = "seam-events";

    public void Dispose() => Source?.Secret.Dispose();
}
