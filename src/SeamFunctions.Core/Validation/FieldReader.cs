using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SeamFunctions.Commands;

namespace SeamFunctions.Validation;

/// <summary>Reads one allow-listed field in its expected type, recording what is wrong with it.</summary>
internal readonly partial struct FieldReader(Dictionary<string, JsonElement> fields, ValidationErrors errors)
{
    public ValidationErrors Errors => errors;

    /// <summary>Whether the body gives the field at all (JSON null is "not given").</summary>
    public bool Given(string field) => fields.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary><c>device_ids</c> (1 to 10, each once) or <c>device_id</c> (one), as a list; not both.</summary>
    public string[]? DeviceIds(int max = AccessRequestParser.MaxDevices)
    {
        var one = Value(FieldNames.DeviceId);
        var many = Value(FieldNames.DeviceIds);
        if (one is not null && many is not null)
        {
            errors.Add(FieldNames.DeviceId, "Give device_id or device_ids, not both.");
            return null;
        }

        if (one is { } single)
            return DeviceId(single, FieldNames.DeviceId, "Must be") is { } id ? [id] : null;
        if (many is not { } list)
            return null;
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0 || list.GetArrayLength() > max)
        {
            errors.Add(FieldNames.DeviceIds, $"Must be an array of 1 to {max} Seam device ids.");
            return null;
        }

        var ids = new List<string?>();
        foreach (var item in list.EnumerateArray())
            ids.Add(DeviceId(item, FieldNames.DeviceIds, $"Item {ids.Count} must be"));
        if (ids.Any(id => id is null))
            return null;
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            errors.Add(FieldNames.DeviceIds, "Each device once.");
            return null;
        }

        return [.. ids.Select(id => id!)];
    }

    private string? DeviceId(JsonElement value, string field, string prefix)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } id && SeamDeviceId().IsMatch(id))
            return id.ToLowerInvariant(); // Seam's ids are UUIDs, one id in any case: compared and stored in one form

        errors.Add(field, $"{prefix} a Seam device id: 1 to 100 letters, digits, '-' or '_' (in Seam, a UUID).");
        return null;
    }

    /// <summary>What a lock's app shows: 1 to 100 characters without control characters.</summary>
    public string? Name() => Text(FieldNames.Name, 1, AccessRequestParser.MaxNameLength, $"The name a lock's app shows: 1 to {AccessRequestParser.MaxNameLength} characters.");

    /// <summary>The field's value; null when absent or JSON null (both mean "not given").</summary>
    private JsonElement? Value(string field) =>
        fields.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null && !errors.Has(field) ? value : null;

    public Guid? Uuid(string field)
    {
        if (Value(field) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out var id))
            return id;
        errors.Add(field, "Must be a UUID string such as \"8d5e4a0c-2f1b-4c3d-9e8f-7a6b5c4d3e2f\".");
        return null;
    }

    public List<Guid>? UuidArray(string field, int max)
    {
        if (Value(field) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(field, "Must be an array of UUID strings.");
            return null;
        }

        var count = value.GetArrayLength();
        if (count > max)
        {
            errors.Add(field, $"At most {max} ids.");
            return null;
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && Guid.TryParseExact(item.GetString(), "D", out var id))
                ids.Add(id);
            else
                errors.Add(field, $"Item {index} must be a UUID string.");
            index++;
        }

        return ids;
    }

    public string? Code()
    {
        if (Value(FieldNames.Code) is not { } value)
            return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                errors.Add(FieldNames.Code, "Must be a JSON string of digits, e.g. \"0123\", not a number: a number loses its leading zeros.");
                return null;
            case JsonValueKind.String:
                var code = value.GetString()!;
                if (code.Length == 0 || !code.All(char.IsAsciiDigit))
                    errors.Add(FieldNames.Code, "Must contain only the digits 0-9.");
                else if (code.Length > AccessRequestParser.MaxCodeLength)
                    errors.Add(FieldNames.Code, $"Must be at most {AccessRequestParser.MaxCodeLength} digits.");
                else
                    return code;
                return null;
            default:
                errors.Add(FieldNames.Code, "Must be a string of digits, e.g. \"0123\".");
                return null;
        }
    }

    public AccessMethod? AccessMethod()
    {
        if (Value(FieldNames.AccessMethod) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.String && AccessMethodNames.TryParse(value.GetString()!, out var method))
            return method;
        errors.Add(FieldNames.AccessMethod, "Must be one of: code, card, mobile_key, cloud_key.");
        return null;
    }

    /// <summary>An ISO 8601 date-time with <c>Z</c> or an offset (as a query parameter gives one), in UTC; null for anything else.</summary>
    public static DateTimeOffset? Instant(string text) =>
        IsoDateTimeWithOffset().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed.ToUniversalTime() : null;

    /// <summary>With an offset, as given; with a zone, also a bare date (at <paramref name="timeOfDay"/>) or a local date-time.</summary>
    public DateTimeOffset? DateTime(string field, NodaTime.DateTimeZone? zone, NodaTime.LocalTime timeOfDay)
    {
        if (Value(field) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
        {
            if (Instant(text) is { } parsed)
                return parsed;
            if (zone is not null && LocalTimes.Resolve(text, zone, timeOfDay) is { } local)
                return local;
        }

        errors.Add(field, zone is null
            ? "Must be an ISO 8601 date-time with an offset, e.g. \"2026-12-01T15:00:00Z\" or \"2026-12-01T16:00:00+01:00\" (or give time_zone for a date or a local time)."
            : "Must be a date (\"2026-12-01\"), a local date-time (\"2026-12-01T15:00:00\") or a date-time with an offset.");
        return null;
    }

    /// <summary>An IANA zone name (e.g. Europe/Berlin).</summary>
    public NodaTime.DateTimeZone? Zone()
    {
        if (Value(FieldNames.TimeZone) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 64 } name && LocalTimes.Zone(name) is { } zone)
            return zone;
        errors.Add(FieldNames.TimeZone, "Must be an IANA time zone name, e.g. \"Europe/Berlin\" or \"America/New_York\".");
        return null;
    }

    /// <summary>"HH:mm", or a whole hour as a number or a string.</summary>
    public NodaTime.LocalTime? TimeOfDay(string field)
    {
        if (Value(field) is not { } value)
            return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetInt32(out var hour) => hour.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is not null && LocalTimes.TryParseTimeOfDay(text, out var time))
            return time;
        errors.Add(field, "Must be a time of day \"HH:mm\" (e.g. \"15:00\") or a whole hour (e.g. 15).");
        return null;
    }

    public bool? Boolean(string field)
    {
        if (Value(field) is not { } value)
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        errors.Add(field, "Must be true or false.");
        return null;
    }

    public EventVersion? Version()
    {
        if (Value(FieldNames.Version) is not { } value)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var sequence) && sequence >= 0)
            return new EventVersion(sequence, IsTime: false);
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= 18 } digits && digits.Length > 0 && digits.All(char.IsAsciiDigit))
            return new EventVersion(long.Parse(digits, CultureInfo.InvariantCulture), IsTime: false);
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && Instant(text) is { } at)
            return new EventVersion(at.ToUnixTimeMilliseconds(), IsTime: true);

        errors.Add(FieldNames.Version, "Must be a non-negative integer (a sequence) or an RFC 3339 date-time with an offset (the event's time).");
        return null;
    }

    /// <summary>A guest without a Seam id: <c>guest_key</c> (required for the form), name, email, phone (E.164).</summary>
    public GuestDetails? Guest()
    {
        var key = Text(FieldNames.GuestKey, 1, 255, "The PMS's own guest id, 1 to 255 characters.", numbersAsText: true);
        var name = Text(FieldNames.GuestFullName, 1, 200, "The guest's name, 1 to 200 characters.");
        var email = Text(FieldNames.GuestEmail, 3, 254, "An email address such as ada@example.com.");
        var phone = Text(FieldNames.GuestPhone, 3, 16, "A phone number in E.164 form, such as +15555550100.");
        if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is var at && (at <= 0 || at == email.Length - 1) || email.Any(char.IsWhiteSpace)))
        {
            errors.Add(FieldNames.GuestEmail, "An email address such as ada@example.com.");
            email = null;
        }

        if (phone is not null && !E164().IsMatch(phone))
        {
            errors.Add(FieldNames.GuestPhone, "A phone number in E.164 form, such as +15555550100.");
            phone = null;
        }

        if (key is null && (name ?? email ?? phone) is not null && !errors.Has(FieldNames.GuestKey))
            errors.Add(FieldNames.GuestKey, "Required with guest_full_name, guest_email or guest_phone: the PMS's own guest id.");
        return key is null ? null : new GuestDetails(key, name, email, phone);
    }

    /// <summary>A string of <paramref name="min"/> to <paramref name="max"/> characters without control characters.</summary>
    private string? Text(string field, int min, int max, string rule, bool numbersAsText = false)
    {
        if (Value(field) is not { } value)
            return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when numbersAsText => value.GetRawText(),
            _ => null,
        };
        if (text is not null && text.Length >= min && text.Length <= max && !text.Any(char.IsControl))
            return text;
        errors.Add(field, rule);
        return null;
    }

    public string? Reference()
    {
        if (Value(FieldNames.Reference) is not { } value)
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(FieldNames.Reference, "Must be a string: your own id for this request.");
            return null;
        }

        var reference = value.GetString()!;
        if (reference.Length is 0 or > AccessRequestParser.MaxReferenceLength)
            errors.Add(FieldNames.Reference, $"Must be 1 to {AccessRequestParser.MaxReferenceLength} characters.");
        else if (reference.Any(char.IsControl))
            errors.Add(FieldNames.Reference, "Must not contain control characters.");
        else
            return reference;
        return null;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTimeWithOffset();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SeamDeviceId();
}
