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
internal sealed partial class AccessRequestParser(TimeProvider time, Microsoft.Extensions.Options.IOptions<Configuration.SeamOptions>? seam = null)
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
    /// <param name="grants">The request asks for an access grant (a source's <c>AccessModel</c>); null: <c>Seam__AccessModel</c>.</param>
    public ParseResult Parse(ReadOnlySequence<byte> body, LocalTimeDefaults? local = null, bool codeMayBeGenerated = false, bool? grants = null)
    {
        if (Document(body, out var document) is { } refused)
            return refused;
        using (document)
        {
            var errors = new ValidationErrors();
            var fields = Collect(document!.RootElement, errors);
            var request = Build(new FieldReader(fields, errors), local ?? LocalTimeDefaults.None, codeMayBeGenerated, grants ?? seam?.Value.IssuesGrants ?? false);
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

    private AccessRequest Build(FieldReader read, LocalTimeDefaults local, bool codeMayBeGenerated, bool grants)
    {
        local = new LocalTimeDefaults(
            read.Zone() ?? local.Zone,
            read.TimeOfDay(FieldNames.CheckInTime) ?? local.CheckIn,
            read.TimeOfDay(FieldNames.CheckOutTime) ?? local.CheckOut);
        var request = new AccessRequest
        {
            AccessMethod = read.AccessMethod() ?? AccessMethod.Code,
            AcsUserId = read.Uuid(FieldNames.AcsUserId),
            UserIdentityId = read.Uuid(FieldNames.UserIdentityId),
            AcsSystemId = read.Uuid(FieldNames.AcsSystemId),
            Code = read.Code(),
            StartsAt = read.DateTime(FieldNames.StartsAt, local.Zone, local.CheckIn),
            EndsAt = read.DateTime(FieldNames.EndsAt, local.Zone, local.CheckOut),
            AllowedAcsEntranceIds = grants ? null : read.UuidArray(FieldNames.AllowedAcsEntranceIds, MaxEntranceIds),
            IsMultiPhoneSyncCredential = read.Boolean(FieldNames.IsMultiPhoneSyncCredential),
            Reference = read.Reference(),
            Version = read.Version(),
            Guest = read.Guest(),
            DeviceIds = grants ? null : read.DeviceIds(),
            Name = read.Name(),
            Grant = grants ? GrantRequestChecks.Places(read) : null,
        };

        CheckSchedule(read, request.StartsAt, request.EndsAt);
        if (grants)
            GrantRequestChecks.Check(read, request);
        else
            CheckDirect(read, request, codeMayBeGenerated);
        return request;
    }

    /// <summary>An access code or an ACS credential: no grant's fields, the doors or the holder, a PIN where one is due.</summary>
    private static void CheckDirect(FieldReader read, AccessRequest request, bool codeMayBeGenerated)
    {
        GrantRequestChecks.RefuseOutsideGrants(read);
        if (request.DeviceIds is not null || read.Errors.Has(FieldNames.DeviceIds) || read.Errors.Has(FieldNames.DeviceId))
            CheckForLocks(read);
        else
            CheckWhoGetsIt(read, request);
        CheckCode(read, request.AccessMethod, request.Code, codeMayBeGenerated);
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
    private static void CheckWhoGetsIt(FieldReader read, AccessRequest request)
    {
        var (acsUserId, acsSystemId) = (request.AcsUserId, request.AcsSystemId);
        var userIdentityId = request.UserIdentityId ?? (request.Guest is null ? null : Guid.Empty);
        var identityAndGuest = request.Guest is not null && request.UserIdentityId is not null;
        if (request.Name is not null)
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

}
