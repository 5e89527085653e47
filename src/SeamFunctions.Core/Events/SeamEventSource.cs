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
    public SeamEventSource(IOptions<SeamOptions> seam, SecretSources secrets)
    {
        var options = seam.Value;
        if (!secrets.FromVault && string.IsNullOrWhiteSpace(options.WebhookSecret))
            return;
        var secret = secrets.SigningSecret("seam", SignatureSchemes.StandardWebhooks, options.WebhookSecretName, "Seam__WebhookSecret", () => options.WebhookSecret);
        var settings = new WebhookSourceOptions { Scheme = SignatureSchemes.StandardWebhooks, Tolerance = TimeSpan.FromMinutes(5) };
        Source = new WebhookSource("seam", settings, secret, null, null);
    }

    /// <summary>The source, or null when no secret is configured (the route then answers 404).</summary>
    public WebhookSource? Source { get; }

    /// <summary>The delivery ledger's scope of Seam's events.</summary>
    public const string Scope = "seam-events";

    public void Dispose() => Source?.Secret.Dispose();
}
