namespace SeamFunctions.Webhooks;

/// <summary>Named webhook sources, section <c>Webhooks</c>: <c>Webhooks__Sources__&lt;name&gt;__Scheme</c> and so on.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public Dictionary<string, WebhookSourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class WebhookSourceOptions
{
    /// <summary>The zone and check-in/out times of <see cref="TimeZone"/>, <see cref="CheckInTime"/>, <see cref="CheckOutTime"/> (validated at start-up).</summary>
    public Validation.LocalTimeDefaults LocalTimes() => new(
        TimeZone is { Length: > 0 } zone ? Validation.LocalTimes.Zone(zone) : null,
        CheckInTime is { } checkIn && Validation.LocalTimes.TryParseTimeOfDay(checkIn, out var inAt) ? inAt : Validation.LocalTimes.DefaultCheckIn,
        CheckOutTime is { } checkOut && Validation.LocalTimes.TryParseTimeOfDay(checkOut, out var outAt) ? outAt : Validation.LocalTimes.DefaultCheckOut);

    /// <summary><c>standard-webhooks</c>, <c>hmac-sha256</c>, <c>shared-token</c> or <c>basic</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>Key Vault secret holding this source's signing secret.</summary>
    public string? SecretName { get; set; }

    /// <summary>The secret itself: local development only, when no vault is configured.</summary>
    public string? Secret { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The header carrying the signature (<c>hmac-sha256</c>) or the token (<c>shared-token</c>).</summary>
    public string? Header { get; set; }

    /// <summary><c>shared-token</c>: read the token from this query parameter instead of a header (Mews puts it in the URL).</summary>
    public string? QueryParameter { get; set; }

    /// <summary><c>standard-webhooks</c>: how far <c>webhook-timestamp</c> may be from now, either way.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The property's IANA zone: dates and local times without offset are read in it.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Check-in time for a bare start date: <c>HH:mm</c> or a whole hour (default 15:00).</summary>
    public string? CheckInTime { get; set; }

    /// <summary>Check-out time for a bare end date: <c>HH:mm</c> or a whole hour (default 11:00).</summary>
    public string? CheckOutTime { get; set; }

    /// <summary>
    /// With <c>Map__event</c>: what each event value asks for, e.g. <c>confirmed=upsert,canceled=revoke,inquiry=ignore</c>.
    /// </summary>
    public string? Events { get; set; }

    /// <summary>Constants for fields a payload does not carry, e.g. <c>Defaults__acs_system_id</c>, <c>Defaults__access_method</c>.</summary>
    public Dictionary<string, string> Defaults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>With <c>Map__unit</c>: <c>unitId=entranceUuid|entranceUuid,...</c>, the entrances a unit's guest may open.</summary>
    public string? Units { get; set; }

    /// <summary>The parsed <see cref="Units"/>; null when unset or malformed (start-up validation says which).</summary>
    public Dictionary<string, Guid[]>? UnitEntrances() => UnitMap.TryParse(Units, out var units, out _) ? units : null;

    /// <summary>With <c>Map__unit</c>: <c>unitId=deviceId|deviceId,...</c>, the smart locks a unit's guest gets the PIN on.</summary>
    public string? Devices { get; set; }

    /// <summary>The parsed <see cref="Devices"/>; null when unset or malformed.</summary>
    public Dictionary<string, string[]>? UnitDevices() => UnitMap.TryParseDevices(Devices, out var devices, out _) ? devices : null;

    /// <summary>
    /// With <c>Map__unit</c>, under <c>AccessModel=grants</c>: <c>unitId=spaceUuid|spaceUuid,...</c>, the Seam spaces a
    /// unit's guest is granted.
    /// </summary>
    public string? Spaces { get; set; }

    /// <summary>The parsed <see cref="Spaces"/>; null when unset or malformed.</summary>
    public Dictionary<string, Guid[]>? UnitSpaces() => UnitMap.TryParse(Spaces, out var spaces, out _, "spaceUuid") ? spaces : null;

    /// <summary><c>direct</c> or <c>grants</c>: this source's access model; null: <c>Seam__AccessModel</c>.</summary>
    public string? AccessModel { get; set; }

    /// <summary>The length of the PIN the adapter generates when a delivery carries none (default 6).</summary>
    public int CodeLength { get; set; } = Guests.PinCodes.DefaultLength;

    /// <summary>Our field name to a JSON path in the sender's payload, e.g. <c>code = $.reservation.door_code</c>.</summary>
    public Dictionary<string, string> Map { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where this source's references are notified, instead of <c>Notify__Url</c>.</summary>
    public Notifications.SourceNotifyOptions Notify { get; set; } = new();

    /// <summary>Codes on this source's locks come with Seam's backup pool; null: <c>Locks__BackupCodes</c>.</summary>
    public bool? BackupCodes { get; set; }
}

/// <summary><c>unitId=id|id,...</c>: a unit's entrances (<c>Units</c>) or smart locks (<c>Devices</c>).</summary>
internal static class UnitMap
{
    public static bool TryParse(string? text, out Dictionary<string, Guid[]>? units, out string? error, string what = "entranceUuid") =>
        TryParse(text, id => Guid.TryParseExact(id, "D", out var guid) ? (true, guid) : (false, default), what, out units, out error);

    public static bool TryParseDevices(string? text, out Dictionary<string, string[]>? devices, out string? error) =>
        TryParse(text, id => (id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), id.ToLowerInvariant()), "deviceId", out devices, out error);

    private static bool TryParse<T>(string? text, Func<string, (bool Valid, T Id)> read, string what, out Dictionary<string, T[]>? units, out string? error)
    {
        (units, error) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var parsed = new Dictionary<string, T[]>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var ids = at > 0 ? pair[(at + 1)..].Split('|', StringSplitOptions.TrimEntries).Select(read).ToArray() : [];
            if (at <= 0 || ids.Length == 0 || ids.Any(id => !id.Valid) || ids.DistinctBy(id => id.Id).Count() != ids.Length
                || !parsed.TryAdd(pair[..at].Trim(), [.. ids.Select(id => id.Id)]))
            {
                error = $"has '{pair}': write unitId={what}|{what}, each unit once, each {what} once in it.";
                return false;
            }
        }

        units = parsed;
        return true;
    }
}
