using Microsoft.Extensions.Options;
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

    public NotifyTargets(IOptions<NotifyOptions> options, IOptions<WebhookOptions> sources, SecretSources secrets)
    {
        (_options, _sources) = (options.Value, sources.Value);
        Secret = secrets.SigningSecret("notify", SignatureSchemes.StandardWebhooks, _options.SecretName, "Notify__Secret", () => _options.Secret);
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
