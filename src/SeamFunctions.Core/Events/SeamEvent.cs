using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SeamFunctions.Events;

/// <summary>
/// Seam's event object as it arrives at <c>/api/seam/events</c>: what happened (<see cref="EventType"/>), when, and to
/// which access code (with its device) or ACS credential. Everything else in it is not read.
/// </summary>
internal sealed record SeamEvent(string? EventId, string EventType, DateTimeOffset OccurredAt, string? AccessCodeId, string? DeviceId, string? AcsCredentialId)
{
    /// <summary>The upstream id the event is about.</summary>
    public string? UpstreamId => AccessCodeId ?? AcsCredentialId;

    /// <summary>The event, or null when the body is not one (no type, or no time).</summary>
    public static SeamEvent? Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "event_type") is not { } type
                || !DateTimeOffset.TryParse(Text(root, "occurred_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return null;
            return new SeamEvent(Text(root, "event_id"), type, at, Text(root, "access_code_id"), Text(root, "device_id"), Text(root, "acs_credential_id"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
