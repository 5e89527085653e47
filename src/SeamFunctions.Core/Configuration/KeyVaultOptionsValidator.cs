using Microsoft.Extensions.Options;

namespace SeamFunctions.Configuration;

internal sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.Uri)
            && (!Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri) || uri.Scheme != "https"))
            failures.Add("KeyVault__Uri must be the vault's https URL, e.g. https://my-vault.vault.azure.net/.");

        if (options.CacheTtl < TimeSpan.FromSeconds(1) || options.CacheTtl > TimeSpan.FromDays(1))
            failures.Add("KeyVault__CacheTtl must be between 00:00:01 and 1.00:00:00.");

        if (options.MaxStaleness < TimeSpan.Zero || options.MaxStaleness > TimeSpan.FromDays(7))
            failures.Add("KeyVault__MaxStaleness must be between 00:00:00 and 7.00:00:00.");

        if (options.RetryAfterFailure < TimeSpan.Zero || options.RetryAfterFailure > TimeSpan.FromHours(1))
            failures.Add("KeyVault__RetryAfterFailure must be between 00:00:00 and 01:00:00.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
