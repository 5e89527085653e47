using Azure.Security.KeyVault.Secrets;

namespace SeamFunctions.Secrets;

/// <summary>Reads one secret from Azure Key Vault with the app's managed identity.</summary>
internal sealed class KeyVaultSecretSource(SecretClient secrets, string secretName) : ISecretSource
{
    public string Name => "key-vault:" + secretName;

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var secret = await secrets.GetSecretAsync(secretName, cancellationToken: cancellationToken);
        var value = secret.Value.Value;
        return string.IsNullOrWhiteSpace(value)
            ? throw new SecretUnavailableException($"The secret {secretName} is empty.")
            : value.Trim();
    }
}
