using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using SeamFunctions.Commands;

namespace SeamFunctions.Validation;

/// <summary>
/// Turns the raw body into a <see cref="AccessRequest"/> or says, field by field, what to fix.
/// Messages never repeat the value that was sent: a PIN must not come back in an error.
/// </summary>
internal sealed partial class AccessRequestParser(TimeProvider time)
{
    public const int MaxCodeLength = 32;
    public const int MaxReferenceLength = 200;
    public const int MaxEntranceIds = 500;
    public const int MaxDevices = 10;
    public const int MaxNameLength = 100;
    private const int MaxDepth = 32;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public ParseResult Parse(ReadOnlyMemory<byte> body) => Parse(new ReadOnlySequence<byte>(body));

    /// <summary>
    /// The body of a revoke (DELETE by reference, a revoke delivery): empty, or a JSON object whose only fields read
    /// are <c>reference</c> and <c>version</c>. Null when it is fine; else why not.
    /// </summary>
    public static ParseResult? ParseHandle(ReadOnlySequence<byte> body, out string? reference, out EventVersion? version)
    {
        (reference, version) = (null, null);
        if (SkipUtf8Bom(body).IsEmpty)
            return null;
        if (Document(body, out var document) is { } refused)
            return refused;
        using (document)
        {
            var errors = new ValidationErrors();
            var read = new FieldReader(Collect(document!.RootElement, errors), errors);
            (reference, version) = (read.Reference(), read.Version());
            return errors.IsEmpty ? null : ParseResult.Invalid(errors);
        }
    }

    /// <param name="local">A source's zone and check-in/out times, for dates without an offset; the body's own win.</param>
    /// <param name="codeMayBeGenerated">A signed source's delivery: a PIN credential without a code gets a generated one.</param>
    public ParseResult Parse(ReadOnlySequence<byte> body, LocalTimeDefaults? local = null, bool codeMayBeGenerated = false)
    {
        if (Document(body, out var document) is { } refused)
            return refused;
        using (document)
        {
            var errors = new ValidationErrors();
            var fields = Collect(document!.RootElement, errors);
            var request = Build(new FieldReader(fields, errors), local ?? LocalTimeDefaults.None, codeMayBeGenerated);
            return errors.IsEmpty ? ParseResult.Valid(request) : ParseResult.Invalid(errors);
        }
    }

    /// <summary>Null when the body is a readable JSON object (UTF-8, every string decodable); else why it is not.</summary>
    public static ParseResult? CheckReadable(ReadOnlySequence<byte> body)
    {
        var refused = Document(body, out var document);
        document?.Dispose();
        return refused;
    }

    /// <summary>The body as a JSON object, or why it is not one.</summary>
    private static ParseResult? Document(ReadOnlySequence<byte> body, out JsonDocument? parsed)
    {
        parsed = null;
        body = SkipUtf8Bom(body);
        if (body.IsEmpty)
            return ParseResult.NotJson("The body is empty: send a JSON object such as {\"acs_user_id\": \"…\", \"code\": \"1234\"}.");

        if (!IsValidUtf8(body))
            return ParseResult.NotJson("The body is not valid UTF-8 text.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return ParseResult.NotJson(
                $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}; at most {MaxDepth} levels of nesting).");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return ParseResult.NotJson("The body must be a JSON object such as {\"acs_user_id\": \"…\", \"code\": \"1234\"}.");
        }

        if (JsonText.HasUndecodableString(body))
        {
            document.Dispose();
            return ParseResult.NotJson(JsonText.UndecodableDetail);
        }

        parsed = document;
        return null;
    }

    /// <summary>Picks the allow-listed fields; two spellings of one field must agree.</summary>
    private static Dictionary<string, JsonElement> Collect(JsonElement root, ValidationErrors errors)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!FieldNames.BySpelling.TryGetValue(property.Name, out var field))
                continue;

            if (!fields.TryGetValue(field, out var earlier))
            {
                fields[field] = property.Value;
                spellings[field] = property.Name;
            }
            else if (!SameValue(earlier, property.Value) && !errors.Has(field))
            {
                errors.Add(field, spellings[field] == property.Name
                    ? $"'{property.Name}' is given twice with different values."
                    : $"'{spellings[field]}' and '{property.Name}' are the same field and were given different values.");
            }
        }

        return fields;
    }

    /// <summary>
    /// JSON equality (<c>1.0</c> equals <c>1</c>). Numbers too large for it to compare (<c>1e99999999999999999999</c>)
    /// are compared by their text instead.
    /// </summary>
    private static bool SameValue(JsonElement a, JsonElement b)
    {
        try
        {
            return JsonElement.DeepEquals(a, b);
        }
        catch (ArgumentOutOfRangeException)
        {
            return string.Equals(a.GetRawText(), b.GetRawText(), StringComparison.Ordinal);
        }
    }

    private AccessRequest Build(FieldReader read, LocalTimeDefaults local, bool codeMayBeGenerated)
    {
        local = new LocalTimeDefaults(
            read.Zone() ?? local.Zone,
            read.TimeOfDay(FieldNames.CheckInTime) ?? local.CheckIn,
            read.TimeOfDay(FieldNames.CheckOutTime) ?? local.CheckOut);
        var accessMethod = read.AccessMethod() ?? AccessMethod.Code;
        var acsUserId = read.Uuid(FieldNames.AcsUserId);
        var userIdentityId = read.Uuid(FieldNames.UserIdentityId);
        var acsSystemId = read.Uuid(FieldNames.AcsSystemId);
        var code = read.Code();
        var startsAt = read.DateTime(FieldNames.StartsAt, local.Zone, local.CheckIn);
        var endsAt = read.DateTime(FieldNames.EndsAt, local.Zone, local.CheckOut);
        var entranceIds = read.UuidArray(FieldNames.AllowedAcsEntranceIds, MaxEntranceIds);
        var multiPhoneSync = read.Boolean(FieldNames.IsMultiPhoneSyncCredential);
        var reference = read.Reference();
        var version = read.Version();
        var guest = read.Guest();
        var deviceIds = read.DeviceIds();
        var name = read.Name();

        if (deviceIds is not null || read.Errors.Has(FieldNames.DeviceIds) || read.Errors.Has(FieldNames.DeviceId))
            CheckForLocks(read);
        else
            CheckWhoGetsIt(read, acsUserId, userIdentityId ?? (guest is null ? null : Guid.Empty), acsSystemId, guest is not null && userIdentityId is not null, name);
        CheckCode(read, accessMethod, code, codeMayBeGenerated);
        CheckSchedule(read, startsAt, endsAt);

        return new AccessRequest
        {
            AccessMethod = accessMethod,
            AcsUserId = acsUserId,
            UserIdentityId = userIdentityId,
            AcsSystemId = acsSystemId,
            Code = code,
            StartsAt = startsAt,
            EndsAt = endsAt,
            AllowedAcsEntranceIds = entranceIds,
            IsMultiPhoneSyncCredential = multiPhoneSync,
            Reference = reference,
            Version = version,
            Guest = guest,
            DeviceIds = deviceIds,
            Name = name,
        };
    }

    /// <summary>An access code on smart locks: nothing of an ACS credential, and a PIN (access_method code).</summary>
    private static void CheckForLocks(FieldReader read)
    {
        foreach (var field in FieldNames.AcsOnly)
        {
            if (read.Given(field))
                read.Errors.Add(field, "Not with device_ids: an access code on smart locks has no ACS user, identity, guest, system or entrances.");
        }

        if (read.Given(FieldNames.AccessMethod) && read.AccessMethod() is not AccessMethod.Code && !read.Errors.Has(FieldNames.AccessMethod))
            read.Errors.Add(FieldNames.AccessMethod, "Smart locks take a PIN: leave access_method out, or send code.");
    }

    /// <summary>
    /// Exactly one of: <c>acs_user_id</c>; <c>user_identity_id</c> with <c>acs_system_id</c>; <c>guest_key</c> with
    /// <c>acs_system_id</c> (a guest the adapter finds or creates as a Seam user identity). A guest counts as an identity here.
    /// </summary>
    private static void CheckWhoGetsIt(FieldReader read, Guid? acsUserId, Guid? userIdentityId, Guid? acsSystemId, bool identityAndGuest, string? name)
    {
        if (name is not null)
            read.Errors.Add(FieldNames.Name, "Only with device_ids: the name a lock's app shows for its access code.");
        if (identityAndGuest)
            read.Errors.Add(FieldNames.GuestKey, "Give either user_identity_id or guest_key, not both.");
        if (acsUserId is not null)
        {
            if (userIdentityId is not null)
                read.Errors.Add(FieldNames.UserIdentityId, "Give either acs_user_id, or user_identity_id (or guest_key) with acs_system_id, not both.");
            return;
        }

        if (userIdentityId is null && acsSystemId is null)
        {
            if (!read.Errors.Has(FieldNames.AcsUserId) && !read.Errors.Has(FieldNames.UserIdentityId) && !read.Errors.Has(FieldNames.AcsSystemId))
                read.Errors.Add(FieldNames.AcsUserId, "Required: the ACS user's id (or give user_identity_id, or guest_key, with acs_system_id).");
        }
        else if (userIdentityId is null && !read.Errors.Has(FieldNames.UserIdentityId))
        {
            read.Errors.Add(FieldNames.UserIdentityId, "Required with acs_system_id (or give acs_user_id instead).");
        }
        else if (acsSystemId is null && !read.Errors.Has(FieldNames.AcsSystemId))
        {
            read.Errors.Add(FieldNames.AcsSystemId, "Required with user_identity_id or guest_key (or give acs_user_id instead).");
        }
    }

    private static void CheckCode(FieldReader read, AccessMethod accessMethod, string? code, bool codeMayBeGenerated)
    {
        if (read.Errors.Has(FieldNames.Code) || read.Errors.Has(FieldNames.AccessMethod))
            return;
        if (accessMethod == AccessMethod.Code && code is null && !codeMayBeGenerated)
            read.Errors.Add(FieldNames.Code, "Required when access_method is code: the PIN as a string of digits, e.g. \"0123\".");
        else if (accessMethod != AccessMethod.Code && code is not null)
            read.Errors.Add(FieldNames.Code, "Only allowed when access_method is code.");
    }

    private void CheckSchedule(FieldReader read, DateTimeOffset? startsAt, DateTimeOffset? endsAt)
    {
        if (endsAt is not { } ends || read.Errors.Has(FieldNames.EndsAt))
            return;
        if (startsAt is { } starts && ends <= starts)
            read.Errors.Add(FieldNames.EndsAt, "Must be after starts_at.");
        else if (ends <= time.GetUtcNow())
            read.Errors.Add(FieldNames.EndsAt, "Must be in the future.");
    }

    /// <summary>JsonDocument checks string contents only when they are read: check the whole body first.</summary>
    private static bool IsValidUtf8(ReadOnlySequence<byte> body) =>
        body.IsSingleSegment ? Utf8.IsValid(body.FirstSpan) : Utf8.IsValid(body.ToArray());

    private static ReadOnlySequence<byte> SkipUtf8Bom(ReadOnlySequence<byte> body) =>
        new SequenceReader<byte>(body).IsNext("\uFEFF"u8) ? body.Slice(3) : body;

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTimeWithOffset();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SeamDeviceId();

    /// <summary>Reads one allow-listed field in its expected type, recording what is wrong with it.</summary>
    private readonly struct FieldReader(Dictionary<string, JsonElement> fields, ValidationErrors errors)
    {
        public ValidationErrors Errors => errors;

        /// <summary>Whether the body gives the field at all (JSON null is "not given").</summary>
        public bool Given(string field) => fields.TryGetValue(field, out var value) && value.ValueKind != JsonValueKind.Null;

        /// <summary><c>device_ids</c> (1 to 10, each once) or <c>device_id</c> (one), as a list; not both.</summary>
        public string[]? DeviceIds()
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
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxDevices)
            {
                errors.Add(FieldNames.DeviceIds, $"Must be an array of 1 to {MaxDevices} Seam device ids.");
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
                return id;
            errors.Add(field, $"{prefix} a Seam device id: 1 to 100 letters, digits, '-' or '_' (in Seam, a UUID).");
            return null;
        }

        /// <summary>What a lock's app shows: 1 to 100 characters without control characters.</summary>
        public string? Name() => Text(FieldNames.Name, 1, MaxNameLength, $"The name a lock's app shows: 1 to {MaxNameLength} characters.");

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
                    else if (code.Length > MaxCodeLength)
                        errors.Add(FieldNames.Code, $"Must be at most {MaxCodeLength} digits.");
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

        /// <summary>With an offset, as given; with a zone, also a bare date (at <paramref name="timeOfDay"/>) or a local date-time.</summary>
        public DateTimeOffset? DateTime(string field, NodaTime.DateTimeZone? zone, NodaTime.LocalTime timeOfDay)
        {
            if (Value(field) is not { } value)
                return null;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
            {
                if (IsoDateTimeWithOffset().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    return parsed.ToUniversalTime();
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
            if (value.ValueKind == JsonValueKind.String
                && value.GetString() is { } text
                && IsoDateTimeWithOffset().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return new EventVersion(at.ToUnixTimeMilliseconds(), IsTime: true);
            }

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
            if (reference.Length is 0 or > MaxReferenceLength)
                errors.Add(FieldNames.Reference, $"Must be 1 to {MaxReferenceLength} characters.");
            else if (reference.Any(char.IsControl))
                errors.Add(FieldNames.Reference, "Must not contain control characters.");
            else
                return reference;
            return null;
        }
    }
}
