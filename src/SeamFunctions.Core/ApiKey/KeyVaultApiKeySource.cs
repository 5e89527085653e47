using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.ApiKey;

/// <summary>Reads the key from Azure Key Vault with the app's managed identity.</summary>
internal sealed class KeyVaultApiKeySource(SecretClient secrets, IOptions<SeamOptions> options) : ISeamApiKeySource
{
    public string Name => "key-vault";

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var secret = await secrets.GetSecretAsync(options.Value.ApiKeySecretName, cancellationToken: cancellationToken);
        var value = secret.Value.Value;
        return string.IsNullOrWhiteSpace(value)
            ? throw new SecretUnavailableException("The Seam API key secret is empty.")
            : value.Trim();
    }
}
