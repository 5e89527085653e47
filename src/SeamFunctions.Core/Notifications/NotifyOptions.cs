using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Notifications;

/// <summary>
/// Where the caller hears what became of its PINs, section <c>Notify</c>: <c>Notify__Url</c>, signed with the secret
/// <c>Notify__SecretName</c> (Key Vault) or <c>Notify__Secret</c> (local). Without a URL nothing is sent.
/// </summary>
internal sealed class NotifyOptions
{
    public const string Section = "Notify";
    public const string QueueName = "seam-notifications";
    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>https; http only to a loopback address (local development).</summary>
    public string? Url { get; set; }

    /// <summary>The Key Vault secret with the signing secret (<c>whsec_</c> + base64 of at least 16 bytes).</summary>
    public string SecretName { get; set; } = "notify-secret";

    /// <summary>The signing secret itself: local development only, when no vault is configured.</summary>
    public string? Secret { get; set; }

    /// <summary>The waits before each retry of a notification the target did not take; after the last, the poison queue.</summary>
    public string RetryDelays { get; set; } = "00:00:10,00:01:00,00:10:00,01:00:00,06:00:00";

    /// <summary>How often pending codes and credentials whose stay starts within 24 h are read again at Seam.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The parsed <see cref="RetryDelays"/> (validated at start-up).</summary>
    public IReadOnlyList<TimeSpan> Delays() => TryParseDelays(RetryDelays, out var delays) ? delays : [];

    public static bool TryParseDelays(string? text, out IReadOnlyList<TimeSpan> delays)
    {
        var parsed = new List<TimeSpan>();
        delays = parsed;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeSpan.TryParseExact(part, "c", CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero || delay > TimeSpan.FromDays(6))
                return false;
            parsed.Add(delay);
        }

        return parsed.Count is >= 1 and <= 20;
    }

    /// <summary>Whether <paramref name="url"/> may receive notifications: https, or http to a loopback address.</summary>
    public static bool IsAllowedTarget(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip))));
}

internal sealed class NotifyOptionsValidator(IOptions<WebhookOptions> webhooks, IOptions<Configuration.KeyVaultOptions> keyVault) : IValidateOptions<NotifyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyOptions options)
    {
        var failures = new List<string>();
        var anyTarget = !string.IsNullOrEmpty(options.Url) || webhooks.Value.Sources.Values.Any(s => !string.IsNullOrEmpty(s.Notify.Url));
        if (anyTarget && string.IsNullOrEmpty(options.Secret) && Configuration.OptionsPeek.TryGet(keyVault, out var vault) && vault.VaultUri is null)
            failures.Add("A notification URL is set: its signing secret must be too (Notify__SecretName in the vault, or Notify__Secret locally).");
        if (!string.IsNullOrEmpty(options.Url) && !NotifyOptions.IsAllowedTarget(options.Url))
            failures.Add("Notify__Url must be an absolute https URL (http only to a loopback address, locally).");
        foreach (var (source, settings) in webhooks.Value.Sources)
        {
            if (!string.IsNullOrEmpty(settings.Notify.Url) && !NotifyOptions.IsAllowedTarget(settings.Notify.Url))
                failures.Add($"Webhooks__Sources__{source}__Notify__Url must be an absolute https URL (http only to a loopback address, locally).");
        }

        if (!string.IsNullOrEmpty(options.Secret) && SignatureSchemes.WeaknessOf(SignatureSchemes.StandardWebhooks, options.Secret) is { } weakness)
            failures.Add($"Notify__Secret is refused: {weakness}.");
        if (!NotifyOptions.TryParseDelays(options.RetryDelays, out _))
            failures.Add("Notify__RetryDelays must be 1 to 20 comma-separated waits (hh:mm:ss), each at most 6 days.");
        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromDays(1))
            failures.Add("Notify__PollInterval must be between 00:00:00.1 and 1.00:00:00.");
        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(2))
            failures.Add("Notify__Timeout must be between 00:00:01 and 00:02:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>A source's own notification target: <c>Webhooks__Sources__&lt;name&gt;__Notify__Url</c> (the same secret signs).</summary>
internal sealed class SourceNotifyOptions
{
    public string? Url { get; set; }
}
