namespace SeamFunctions.Configuration;

/// <summary>Where the Seam API key lives and how long a read of it is trusted, section <c>KeyVault</c>.</summary>
internal sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>The vault, e.g. <c>https://my-vault.vault.azure.net/</c>. Unset: <c>Seam:ApiKey</c> is used (local only).</summary>
    public string? Uri { get; set; }

    /// <summary>The vault address, once validated; null when no vault is configured.</summary>
    public Uri? VaultUri => string.IsNullOrWhiteSpace(Uri) ? null : new Uri(Uri, UriKind.Absolute);

    /// <summary>How long a key read from the vault is used before it is read again.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long past <see cref="CacheTtl"/> the last good key is still served while the vault cannot be read.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a failed read, how long to wait before asking the vault again (stale key served meanwhile).</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(15);
}
