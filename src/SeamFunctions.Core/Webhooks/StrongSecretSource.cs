using Microsoft.Extensions.Logging;
using SeamFunctions.Secrets;

namespace SeamFunctions.Webhooks;

/// <summary>
/// A webhook source's secret, refused on every read when it is too weak to sign with (empty, short, or not the
/// scheme's format): a weak value put into the vault later never verifies a single delivery. The cache then
/// serves the last good secret for its bounded time, or the source answers 503.
/// </summary>
internal sealed class StrongSecretSource(ISecretSource inner, string sourceName, string? scheme, ILogger logger) : ISecretSource
{
    public string Name => inner.Name;

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var secret = await inner.ReadAsync(cancellationToken);
        if (SignatureSchemes.WeaknessOf(scheme, secret) is not { } weakness)
            return secret;

        WebhookLog.SecretRefused(logger, sourceName, weakness);
        throw new SecretUnavailableException($"The secret of webhook source {sourceName} is refused: {weakness}.");
    }
}
