namespace SeamFunctions.Configuration;

/// <summary>Settings of the upstream call, section <c>Seam</c> (env form <c>Seam__BaseUrl</c> and so on).</summary>
internal sealed class SeamOptions
{
    public const string Section = "Seam";
    public const string DefaultBaseUrl = "https://connect.getseam.com";
    public const string DefaultApiKeySecretName = "seam-api-key";

    /// <summary>Seam Connect's base address.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Name of the Key Vault secret that holds the Seam API key.</summary>
    public string ApiKeySecretName { get; set; } = DefaultApiKeySecretName;

    /// <summary>The API key itself: local development only, used when <c>KeyVault:Uri</c> is not set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// In Azure, <see cref="BaseUrl"/> must be an https host under getseam.com: a changed app setting must not send
    /// the API key elsewhere. Set this to true, on purpose, to allow another address (a proxy of your own).
    /// </summary>
    public bool AllowAnyBaseUrl { get; set; }

    /// <summary>Key Vault secret with the signing secret (<c>whsec_…</c>) of Seam's webhooks to <c>/api/seam/events</c>.</summary>
    public string WebhookSecretName { get; set; } = "seam-webhook-secret";

    /// <summary>That signing secret itself: local development only, when no vault is configured.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// <c>direct</c> (access codes on locks and ACS credentials, as the request names them) or <c>grants</c> (Seam's
    /// access grants: one grant for every door, with a PIN and, when asked, a phone key). A request never chooses.
    /// </summary>
    public string AccessModel { get; set; } = AccessModels.Direct;

    /// <summary>Whether requests are access grants (<see cref="AccessModel"/> is <c>grants</c>).</summary>
    public bool IssuesGrants => AccessModels.IsGrants(AccessModel);

    /// <summary>How long one create call may take in all before the caller gets <c>upstream_timeout</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The values of <c>Seam__AccessModel</c> and a source's <c>AccessModel</c>.</summary>
internal static class AccessModels
{
    public const string Direct = "direct";
    public const string Grants = "grants";

    public static bool IsValid(string? value) => value is Direct or Grants;

    public static bool IsGrants(string? value) => value == Grants;
}
