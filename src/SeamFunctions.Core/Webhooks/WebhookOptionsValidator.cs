using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.Webhooks;

internal sealed partial class WebhookOptionsValidator(IOptions<KeyVaultOptions> keyVault) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (!OptionsPeek.TryGet(keyVault, out var keyVaultOptions))
            return ValidateOptionsResult.Success;
        var vault = !string.IsNullOrWhiteSpace(keyVaultOptions.Uri);

        foreach (var (source, settings) in options.Sources)
        {
            var prefix = $"Webhooks__Sources__{source}";
            if (!SourceName().IsMatch(source))
                failures.Add($"{prefix}: a source name is 1 to 40 lowercase letters, digits and dashes (it is part of the URL).");
            Authentication(prefix, settings, vault, failures);
            LocalTimes(prefix, settings, failures);
            Mapping(prefix, settings, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>How the source proves who it is: scheme, secret (vault or local), header or query parameter, tolerance.</summary>
    private static void Authentication(string prefix, WebhookSourceOptions settings, bool vault, List<string> failures)
    {
        if (!SignatureSchemes.All.Contains(settings.Scheme))
            failures.Add($"{prefix}__Scheme must be one of: {string.Join(", ", SignatureSchemes.All)}.");
        if (vault && string.IsNullOrWhiteSpace(settings.SecretName))
            failures.Add($"{prefix}__SecretName must name the Key Vault secret that holds the source's signing secret.");
        if (vault && !string.IsNullOrEmpty(settings.Secret))
            failures.Add($"{prefix}__Secret is for local development only: with KeyVault__Uri set, use {prefix}__SecretName.");
        if (!vault && string.IsNullOrWhiteSpace(settings.Secret))
            failures.Add($"{prefix}__Secret must be set when KeyVault__Uri is not (local development).");
        else if (!vault && SignatureSchemes.WeaknessOf(settings.Scheme, settings.Secret!.Trim()) is { } weakness)
            failures.Add($"{prefix}__Secret cannot sign: {weakness}.");
        if (settings.QueryParameter is { } parameter && (settings.Scheme != SignatureSchemes.SharedToken || !HeaderName().IsMatch(parameter)))
            failures.Add($"{prefix}__QueryParameter is for shared-token only, and must be a plain name (letters, digits, dashes).");
        if (settings.Header is { } header && !HeaderName().IsMatch(header))
            failures.Add($"{prefix}__Header must be an HTTP header name.");
        if (settings.Tolerance < TimeSpan.FromSeconds(30) || settings.Tolerance > TimeSpan.FromHours(1))
            failures.Add($"{prefix}__Tolerance must be between 00:00:30 and 01:00:00.");
    }

    private static void LocalTimes(string prefix, WebhookSourceOptions settings, List<string> failures)
    {
        if (settings.AccessModel is not null && !Configuration.AccessModels.IsValid(settings.AccessModel))
            failures.Add($"{prefix}__AccessModel must be direct or grants (or left out: Seam__AccessModel).");
        if (settings.TimeZone is { Length: > 0 } zone && Validation.LocalTimes.Zone(zone) is null)
            failures.Add($"{prefix}__TimeZone must be an IANA time zone name, e.g. Europe/Berlin.");
        foreach (var (setting, value) in new[] { ("CheckInTime", settings.CheckInTime), ("CheckOutTime", settings.CheckOutTime) })
        {
            if (value is not null && !Validation.LocalTimes.TryParseTimeOfDay(value, out _))
                failures.Add($"{prefix}__{setting} must be HH:mm or a whole hour, e.g. 15:00.");
        }
    }

    /// <summary>What the source's payload means: events, units, the field map, generated PINs.</summary>
    private static void Mapping(string prefix, WebhookSourceOptions settings, List<string> failures)
    {
        var mapsEvent = settings.Map.ContainsKey(FieldMap.EventField);
        if (mapsEvent != !string.IsNullOrWhiteSpace(settings.Events))
            failures.Add($"{prefix}__Events and {prefix}__Map__event go together: the path to the event, and what each event value asks for.");
        else if (mapsEvent && !DeliveryActions.TryParse(settings.Events!, out _, out var eventsError))
            failures.Add($"{prefix}__Events {eventsError}");

        if (settings.CodeLength is < Guests.PinCodes.MinLength or > Guests.PinCodes.MaxLength)
            failures.Add($"{prefix}__CodeLength must be between {Guests.PinCodes.MinLength} and {Guests.PinCodes.MaxLength}.");
        Units(prefix, settings, failures);

        if (!FieldMap.TryCompile(settings.Map, out _, out var mapError, settings.Defaults))
            failures.Add($"{prefix}__Map {mapError}");
    }

    /// <summary><c>Map__unit</c> goes with <c>Units</c> (entrances) and/or <c>Devices</c> (smart locks); a unit is in one of them.</summary>
    private static void Units(string prefix, WebhookSourceOptions settings, List<string> failures)
    {
        var mapsUnit = settings.Map.ContainsKey(FieldMap.UnitField);
        var listsUnits = !string.IsNullOrWhiteSpace(settings.Units) || !string.IsNullOrWhiteSpace(settings.Devices) || !string.IsNullOrWhiteSpace(settings.Spaces);
        if (mapsUnit != listsUnits)
        {
            failures.Add($"{prefix}__Map__unit goes with {prefix}__Units, {prefix}__Devices and/or {prefix}__Spaces: the path to the sender's unit, and each unit's entrances, locks or spaces.");
            return;
        }

        if (!string.IsNullOrWhiteSpace(settings.Spaces) && !UnitMap.TryParse(settings.Spaces, out _, out var spacesError, "spaceUuid"))
            failures.Add($"{prefix}__Spaces {spacesError}");

        Dictionary<string, Guid[]>? entrances = null;
        Dictionary<string, string[]>? locks = null;
        if (!string.IsNullOrWhiteSpace(settings.Units) && !UnitMap.TryParse(settings.Units, out entrances, out var unitsError))
            failures.Add($"{prefix}__Units {unitsError}");
        if (!string.IsNullOrWhiteSpace(settings.Devices) && !UnitMap.TryParseDevices(settings.Devices, out locks, out var devicesError))
            failures.Add($"{prefix}__Devices {devicesError}");
        foreach (var unit in (entrances?.Keys.ToArray() ?? []).Intersect(locks?.Keys.ToArray() ?? [], StringComparer.Ordinal))
            failures.Add($"{prefix}: unit '{unit}' is in both Units and Devices; a unit has entrances or locks, not both.");
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,40}\z")]
    private static partial Regex SourceName();

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}\z")]
    private static partial Regex HeaderName();
}
