using SeamFunctions.Answers;

namespace SeamFunctions.Lifecycle;

/// <summary>The answers a reference's record gives without asking Seam: its last credential, revoked, stale or gone.</summary>
internal static class ReferenceAnswers
{
    /// <summary>The record's last known credential; revoked (or gone) says so in its status.</summary>
    public static ApiResponse Credential(
        CredentialRecord record, string reference, string requestId, string? seamRequestId, int status, string? replaced = null, bool? stale = null, bool gone = false)
    {
        var credential = record.Answer!.Credential;
        if (gone || record.State is CredentialState.Revoked)
            credential = credential.WithStatus(CredentialStatus.Revoked);
        return ApiResponse.Credential(new CredentialEnvelope
        {
            Credential = credential,
            Reference = reference,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            ReplacedAcsCredentialId = replaced,
            Stale = stale,
        }, status);
    }

    /// <summary>DELETE's answer; a stale one tells the status the credential still has.</summary>
    public static ApiResponse Revoked(CredentialRecord record, string reference, string requestId, string? seamRequestId, bool? stale = null) =>
        ApiResponse.Revoked(new RevokedAnswer
        {
            Reference = reference,
            AcsCredentialId = record.AcsCredentialId,
            Status = record.State == CredentialState.Active ? record.Answer!.Credential.Status : CredentialStatus.Revoked,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            Stale = stale,
        });

    public static ApiResponse InProgress(string requestId, TimeSpan wait) =>
        Problems.IdempotencyInProgress(requestId, wait);
}
