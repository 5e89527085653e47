using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Secrets;

/// <summary>
/// Where every secret the app reads comes from, decided here and nowhere else: with <c>KeyVault__Uri</c>, the vault's
/// secret of the given name (read as the app's managed identity); without it (local development), a setting.
/// Consumers ask by name: the Seam API key, each webhook source's signing secret, Seam's own webhook secret, the
/// notifications' signing secret.
/// </summary>
internal sealed class SecretSources(IOptions<KeyVaultOptions> keyVault, IServiceProvider services, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>Whether secrets come from the vault (else from settings).</summary>
    public bool FromVault => keyVault.Value.VaultUri is not null;

    /// <param name="secretName">The vault secret's name.</param>
    /// <param name="setting">The local setting's name, as its errors name it (<c>Seam__ApiKey</c>).</param>
    /// <param name="local">Reads the local setting (now: a setting may change while the app runs).</param>
    public ISecretSource Source(string secretName, string setting, Func<string?> local) => FromVault
        ? new KeyVaultSecretSource(services.GetRequiredService<SecretClient>(), secretName)
        : new ConfiguredSecretSource(setting, local);

    /// <summary>A secret that signs or verifies webhooks (<paramref name="sourceName"/>'s): refused when weak for <paramref name="scheme"/>, cached.</summary>
    public SecretCache SigningSecret(string sourceName, string? scheme, string secretName, string setting, Func<string?> local) =>
        new(new StrongSecretSource(Source(secretName, setting, local), sourceName, scheme, loggers.CreateLogger<WebhookSources>()),
            keyVault, time, loggers.CreateLogger<SecretCache>());
}
