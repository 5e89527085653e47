using SeamFunctions.Upstream;

namespace SeamFunctions.Answers;

/// <summary>Copies the fields we expose from Seam's credential, one by one.</summary>
internal static class CredentialMapper
{
    public static CredentialAnswer ToAnswer(SeamCredential credential) => new()
    {
        AcsCredentialId = credential.AcsCredentialId!,
        AcsUserId = credential.AcsUserId,
        Code = credential.Code,
        AcsSystemId = credential.AcsSystemId,
        ExternalType = credential.ExternalType,
        ExternalTypeDisplayName = credential.ExternalTypeDisplayName,
        WorkspaceId = credential.WorkspaceId,
        CreatedAt = credential.CreatedAt,
        AccessMethod = credential.AccessMethod,
        DisplayName = credential.DisplayName,
        StartsAt = credential.StartsAt,
        EndsAt = credential.EndsAt,
        IsIssued = credential.IsIssued,
        IssuedAt = credential.IssuedAt,
        Warnings = Notices(credential.Warnings),
        Errors = Notices(credential.Errors),
        Status = CredentialStatus.Of(credential),
    };

    /// <summary>Seam's warnings in our one shape (most answers have none: then no list is made).</summary>
    public static IReadOnlyList<NoticeAnswer> Notices(IReadOnlyList<SeamWarning?>? warnings) =>
        warnings is null or { Count: 0 } ? [] : [.. warnings.OfType<SeamWarning>().Select(w => new NoticeAnswer(w.WarningCode ?? "unknown", w.Message))];

    /// <summary>Seam's errors in our one shape.</summary>
    public static IReadOnlyList<NoticeAnswer> Notices(IReadOnlyList<SeamError?>? errors) =>
        errors is null or { Count: 0 } ? [] : [.. errors.OfType<SeamError>().Select(e => new NoticeAnswer(e.ErrorCode ?? "unknown", e.Message))];
}
