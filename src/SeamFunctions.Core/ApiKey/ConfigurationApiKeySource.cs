using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.ApiKey;

/// <summary>Local development only: the key from <c>Seam:ApiKey</c> when no vault is configured.</summary>
internal sealed class ConfigurationApiKeySource(IOptionsMonitor<SeamOptions> options) : ISeamApiKeySource
{
    public string Name => "configuration";

    public Task<string> ReadAsync(CancellationToken cancellationToken) =>
        options.CurrentValue.ApiKey is { Length: > 0 } key
            ? Task.FromResult(key.Trim())
            : throw new SecretUnavailableException("Seam:ApiKey is not set.");
}
