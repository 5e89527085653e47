namespace SeamFunctions.ApiKey;

/// <summary>Where the Seam API key is read from. Called by <see cref="SeamApiKeyCache"/> only, never per request.</summary>
internal interface ISeamApiKeySource
{
    /// <summary>A short name for logs, e.g. "key-vault".</summary>
    string Name { get; }

    Task<string> ReadAsync(CancellationToken cancellationToken);
}
