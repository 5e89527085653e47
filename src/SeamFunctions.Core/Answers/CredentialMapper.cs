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
        Warnings = [.. (credential.Warnings ?? []).OfType<SeamWarning>().Select(w => new NoticeAnswer(w.WarningCode ?? "unknown", w.Message))],
        Errors = [.. (credential.Errors ?? []).OfType<SeamError>().Select(e => new NoticeAnswer(e.ErrorCode ?? "unknown", e.Message))],
        Status = CredentialStatus.Of(credential),
    };
}
