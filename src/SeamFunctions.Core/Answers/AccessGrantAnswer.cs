using System.Text.Json.Serialization;
using SeamFunctions.Upstream;

namespace SeamFunctions.Answers;

/// <summary>
/// Seam's access grant (<c>kind: access_grant</c>): one grant for every door of the stay, with its access methods.
/// <see cref="AccessAnswer.Status"/>: <c>failed</c> when the grant or any method lists errors, <c>issued</c> when every
/// method <c>is_issued</c>, else <c>pending</c>.
/// </summary>
internal sealed class AccessGrantAnswer : AccessAnswer
{
    public required string AccessGrantId { get; init; }

    /// <summary>The PIN of the grant's code access method.</summary>
    public override string? Code { get; init; }

    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }

    public required IReadOnlyList<AccessMethodAnswer> AccessMethods { get; init; }

    /// <summary>The grant's own warnings (<see cref="AccessAnswer.Warnings"/> holds these and its methods').</summary>
    public IReadOnlyList<NoticeAnswer> GrantWarnings { get; init; } = [];

    /// <summary>The grant's own errors (<see cref="AccessAnswer.Errors"/> holds these and its methods').</summary>
    public IReadOnlyList<NoticeAnswer> GrantErrors { get; init; } = [];

    /// <summary>The last of Seam's <c>access_grant.*</c> events applied.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastEventAnswer? LastEvent { get; init; }

    public override AccessAnswer WithStatus(string status) => new AccessGrantAnswer
    {
        AccessGrantId = AccessGrantId, Code = Code, StartsAt = StartsAt, EndsAt = EndsAt, AccessMethods = AccessMethods, GrantErrors = GrantErrors,
        GrantWarnings = GrantWarnings, LastEvent = LastEvent, Warnings = Warnings, Errors = Errors, Status = status,
        FirstUsedAt = FirstUsedAt, LastUsedAt = LastUsedAt, Readiness = Readiness,
    };

    /// <summary>The grant with these methods (and grant notices): its PIN, status, warnings and errors from them.</summary>
    public static AccessGrantAnswer Of(
        string accessGrantId, string? startsAt, string? endsAt, IReadOnlyList<AccessMethodAnswer> methods,
        IReadOnlyList<NoticeAnswer> grantWarnings, IReadOnlyList<NoticeAnswer> grantErrors, LastEventAnswer? lastEvent = null)
    {
        var errors = grantErrors.Concat(methods.SelectMany(m => m.Errors)).ToArray();
        return new AccessGrantAnswer
        {
            AccessGrantId = accessGrantId, StartsAt = startsAt, EndsAt = endsAt, AccessMethods = methods, GrantWarnings = grantWarnings, GrantErrors = grantErrors,
            LastEvent = lastEvent,
            Code = methods.FirstOrDefault(m => m.Mode == AccessMethodAnswer.CodeMode)?.Code,
            Warnings = [.. grantWarnings.Concat(methods.SelectMany(m => m.Warnings))],
            Errors = errors,
            Status = errors.Length > 0 ? CredentialStatus.Failed
                : methods.Count > 0 && methods.All(m => m.IsIssued) ? CredentialStatus.Issued
                : CredentialStatus.Pending,
        };
    }

    /// <summary>The same grant with <paramref name="methods"/> in place of its own.</summary>
    public AccessGrantAnswer WithMethods(IReadOnlyList<AccessMethodAnswer> methods, LastEventAnswer? lastEvent = null) =>
        Of(AccessGrantId, StartsAt, EndsAt, methods, GrantWarnings, GrantErrors, lastEvent ?? LastEvent);

    /// <summary>Seam's grant and its methods, as answered.</summary>
    public static AccessGrantAnswer From(SeamAccessGrant grant, IReadOnlyList<SeamAccessMethod> methods) => Of(
        grant.AccessGrantId!, grant.StartsAt, grant.EndsAt, [.. methods.Select(AccessMethodAnswer.From)],
        CredentialMapper.Notices(grant.Warnings), CredentialMapper.Notices(grant.Errors));

    public override string ToString() => $"AccessGrantAnswer({AccessGrantId}, {AccessMethods.Count} methods, {Status})";
}

/// <summary>
/// One access method of a grant: a PIN (<c>code</c>, shown only for that mode) or a phone key (<c>instant_key_url</c>,
/// shown only for <c>mobile_key</c>). Both are credentials: never logged.
/// </summary>
internal sealed class AccessMethodAnswer
{
    public const string CodeMode = "code";
    public const string MobileKeyMode = "mobile_key";

    public required string AccessMethodId { get; init; }
    public required string Mode { get; init; }
    public required bool IsIssued { get; init; }
    public string? IssuedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstantKeyUrl { get; init; }

    public required IReadOnlyList<NoticeAnswer> Warnings { get; init; }
    public required IReadOnlyList<NoticeAnswer> Errors { get; init; }

    /// <summary>The last of Seam's <c>access_method.*</c> events applied to it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastEventAnswer? LastEvent { get; init; }

    public static AccessMethodAnswer From(SeamAccessMethod method) => new()
    {
        AccessMethodId = method.AccessMethodId!,
        Mode = method.Mode ?? "unknown",
        IsIssued = method.IsIssued == true,
        IssuedAt = method.IssuedAt,
        Code = method.Mode == CodeMode ? method.Code : null,
        InstantKeyUrl = method.Mode == MobileKeyMode ? method.InstantKeyUrl : null,
        Warnings = CredentialMapper.Notices(method.Warnings),
        Errors = CredentialMapper.Notices(method.Errors),
    };

    /// <summary>The same method as an event left it.</summary>
    public AccessMethodAnswer With(bool isIssued, string? issuedAt, IReadOnlyList<NoticeAnswer> warnings, IReadOnlyList<NoticeAnswer> errors, LastEventAnswer? lastEvent) => new()
    {
        AccessMethodId = AccessMethodId, Mode = Mode, IsIssued = isIssued, IssuedAt = issuedAt, Code = Code, InstantKeyUrl = InstantKeyUrl,
        Warnings = warnings, Errors = errors, LastEvent = lastEvent,
    };

    public override string ToString() => $"AccessMethodAnswer({AccessMethodId}, {Mode}, issued {IsIssued})";
}
