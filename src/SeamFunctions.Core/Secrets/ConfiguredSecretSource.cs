namespace SeamFunctions.Secrets;

/// <summary>Local development only: a secret taken from configuration when no vault is configured.</summary>
internal sealed class ConfiguredSecretSource(string setting, Func<string?> read) : ISecretSource
{
    public string Name => "configuration:" + setting;

    public Task<string> ReadAsync(CancellationToken cancellationToken) =>
        read() is { Length: > 0 } value
            ? Task.FromResult(value.Trim())
            : throw new SecretUnavailableException(setting + " is not set.");
}
