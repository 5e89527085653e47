namespace SeamFunctions.Secrets;

/// <summary>Where one secret is read from. Called by <see cref="SecretCache"/> only, never per request.</summary>
internal interface ISecretSource
{
    /// <summary>A short name for logs, e.g. "key-vault:seam-api-key". Never the secret.</summary>
    string Name { get; }

    Task<string> ReadAsync(CancellationToken cancellationToken);
}
