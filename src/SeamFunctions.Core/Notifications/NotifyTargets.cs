using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;
using SeamFunctions.Secrets;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Notifications;

/// <summary>
/// Who hears about a reference: a webhook source's own <c>Notify__Url</c>, else the app's; and the one secret that
/// signs for all of them (<c>Notify__SecretName</c> in the vault, or <c>Notify__Secret</c> locally), cached.
/// </summary>
internal sealed class NotifyTargets : IDisposable
{
    private readonly NotifyOptions _options;
    private readonly WebhookOptions _sources;

    public NotifyTargets(IOptions<NotifyOptions> options, IOptions<WebhookOptions> sources, IOptions<KeyVaultOptions> keyVault, IServiceProvider services, TimeProvider time)
    {
        (_options, _sources) = (options.Value, sources.Value);
        ISecretSource secret = keyVault.Value.VaultUri is not null
            ? new KeyVaultSecretSource(services.GetRequiredService<SecretClient>(), _options.SecretName)
            : new ConfiguredSecretSource("Notify__Secret", () => _options.Secret);
        secret = new StrongSecretSource(secret, "notify", SignatureSchemes.StandardWebhooks, services.GetRequiredService<ILogger<WebhookSources>>());
        Secret = new SecretCache(secret, keyVault, time, services.GetRequiredService<ILogger<SecretCache>>());
    }

    public SecretCache Secret { get; }

    /// <summary>The URL notifications about <paramref name="scope"/>'s references go to; null: none are sent.</summary>
    public Uri? UrlFor(string scope)
    {
        var own = scope.StartsWith(WebhookSource.ScopePrefix, StringComparison.Ordinal)
            && _sources.Sources.TryGetValue(scope[WebhookSource.ScopePrefix.Length..], out var source) ? source.Notify.Url : null;
        return (own is { Length: > 0 } ? own : _options.Url) is { Length: > 0 } url ? new Uri(url) : null;
    }

    public void Dispose() => Secret.Dispose();
}
