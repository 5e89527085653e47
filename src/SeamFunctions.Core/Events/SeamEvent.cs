using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SeamFunctions.Events;

/// <summary>
/// Seam's event object as it arrives at <c>/api/seam/events</c>: what happened (<see cref="EventType"/>), when, in
/// which workspace, and to which access code (with its device) or ACS credential. Everything else in it is not read.
/// </summary>
internal sealed record SeamEvent(
    string? EventId, string EventType, DateTimeOffset OccurredAt, string? AccessCodeId, string? DeviceId, string? AcsCredentialId, string? WorkspaceId = null,
    double? BatteryLevel = null, string? AccessGrantId = null, string? AccessMethodId = null)
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };
    private static readonly string[] Ids = ["event_id", "access_code_id", "device_id", "acs_credential_id", "workspace_id", "access_grant_id", "access_method_id"];

    /// <summary>The upstream id the event is about (an access method's: its grant's, by which the record is found).</summary>
    public string? UpstreamId => AccessCodeId ?? AcsCredentialId ?? AccessGrantId;

    /// <summary>
    /// The event, or the field that keeps it from being one: not an object, a name given twice, no string
    /// <c>event_type</c>, no ISO 8601 <c>occurred_at</c> (years 1 to 9999), or an id that is not a string.
    /// </summary>
    public static (SeamEvent? Event, string? Field) Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Strict);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, "(body)");
            if (Text(root, "event_type") is not { Length: > 0 } type)
                return (null, "event_type");
            if (!DateTimeOffset.TryParse(Text(root, "occurred_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return (null, "occurred_at");
            if (Ids.FirstOrDefault(name => root.TryGetProperty(name, out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) is { } notText)
                return (null, notText);
            if (!TryBatteryLevel(root, out var battery))
                return (null, "battery_level");
            if (!TryGrantId(root, out var grantId))
                return (null, "access_grant_ids");
            return (new SeamEvent(Text(root, "event_id"), type, at, Text(root, "access_code_id"), Text(root, "device_id"), Text(root, "acs_credential_id"),
                Text(root, "workspace_id"), battery, grantId, Text(root, "access_method_id")), null);
        }
        catch (JsonException)
        {
            return (null, "(body)"); // a name given twice
        }
    }

    /// <summary>
    /// The grant an event is about: <c>access_grant_id</c> (<c>access_grant.*</c>), or the first of an access method's
    /// <c>access_grant_ids</c> (an array of strings, when given).
    /// </summary>
    private static bool TryGrantId(JsonElement root, out string? grantId)
    {
        grantId = Text(root, "access_grant_id");
        if (grantId is not null || !root.TryGetProperty("access_grant_ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
            return true;
        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.String))
            return false;
        grantId = ids.EnumerateArray().Select(id => id.GetString()).FirstOrDefault();
        return true;
    }

    /// <summary>A device event's <c>battery_level</c>: absent, null, or a number from 0 to 1.</summary>
    private static bool TryBatteryLevel(JsonElement root, out double? level)
    {
        level = null;
        if (!root.TryGetProperty("battery_level", out var value) || value.ValueKind == JsonValueKind.Null)
            return true;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number is < 0 or > 1)
            return false;
        level = number;
        return true;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
