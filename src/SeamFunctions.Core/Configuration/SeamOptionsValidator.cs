using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SeamFunctions.Configuration;

/// <summary>
/// Checks <see cref="SeamOptions"/> together with <see cref="KeyVaultOptions"/>, because where the API key
/// comes from depends on both. Messages name the setting in its environment form, as an operator types it.
/// </summary>
internal sealed class SeamOptionsValidator(IOptions<KeyVaultOptions> keyVault, IConfiguration configuration) : IValidateOptions<SeamOptions>
{
    /// <summary>Set by App Service and Azure Functions on every instance; never set locally.</summary>
    public const string AzureSiteNameSetting = "WEBSITE_SITE_NAME";

    public ValidateOptionsResult Validate(string? name, SeamOptions options)
    {
        var failures = new List<string>();

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || baseUrl.Scheme is not ("https" or "http")
            || (baseUrl.Scheme == "http" && !baseUrl.IsLoopback))
        {
            failures.Add("Seam__BaseUrl must be an absolute https URL (http only for a loopback test server), e.g. https://connect.getseam.com.");
        }

        else if (!string.IsNullOrEmpty(configuration[AzureSiteNameSetting]) && !options.AllowAnyBaseUrl && !IsSeamHost(baseUrl))
        {
            failures.Add("Seam__BaseUrl must be an https address under getseam.com in Azure, so the API key only ever goes to Seam. " +
                         "To use another address on purpose, also set Seam__AllowAnyBaseUrl=true.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(2))
            failures.Add("Seam__Timeout must be between 00:00:01 and 00:02:00.");

        if (!AccessModels.IsValid(options.AccessModel))
            failures.Add("Seam__AccessModel must be direct (access codes and ACS credentials) or grants (Seam's access grants).");

        // When KeyVaultOptions is itself invalid it says so; the key source can't be judged then.
        if (OptionsPeek.TryGet(keyVault, out var vault))
            Secrets(options, vault, failures);
        return Result(failures);
    }

    /// <summary>Where the API key and Seam's webhook secret come from: the vault in Azure, a setting only locally.</summary>
    private void Secrets(SeamOptions options, KeyVaultOptions vault, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(vault.Uri))
        {
            if (!string.IsNullOrEmpty(configuration[AzureSiteNameSetting]))
                failures.Add("Running in Azure without KeyVault__Uri: the Seam API key must come from Key Vault, never from an app setting.");
            else if (string.IsNullOrWhiteSpace(options.ApiKey))
                failures.Add("No Seam API key source: set KeyVault__Uri (in Azure) or Seam__ApiKey (local development only).");
        }
        else if (!IsKeyVaultSecretName(options.ApiKeySecretName) || !IsKeyVaultSecretName(options.WebhookSecretName))
        {
            failures.Add("Seam__ApiKeySecretName and Seam__WebhookSecretName must be Key Vault secret names: 1 to 127 letters, digits and dashes.");
        }
        else if (!string.IsNullOrEmpty(options.WebhookSecret))
        {
            failures.Add("Seam__WebhookSecret is for local development only: with KeyVault__Uri set, put Seam's webhook secret in the vault (Seam__WebhookSecretName).");
        }
    }

    private static bool IsSeamHost(Uri url) =>
        url.Scheme == "https" && url.IsDefaultPort
        && (url.Host.Equals("getseam.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".getseam.com", StringComparison.OrdinalIgnoreCase));

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

    private static bool IsKeyVaultSecretName(string? value) =>
        value is { Length: >= 1 and <= 127 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
