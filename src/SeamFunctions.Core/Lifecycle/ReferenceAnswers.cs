using SeamFunctions.Answers;

namespace SeamFunctions.Lifecycle;

/// <summary>The answers a reference's record gives without asking Seam: its last credential, revoked, stale or gone.</summary>
internal static class ReferenceAnswers
{
    /// <summary>The record's last known credential; revoked (or gone) says so in its status.</summary>
    public static Outcome.Held Credential(
        CredentialRecord record, string reference, string requestId, string? seamRequestId, string? replaced = null, bool? stale = null, bool gone = false)
    {
        var credential = record.Answer!.Credential;
        if (gone || record.State is CredentialState.Revoked)
            credential = credential.WithStatus(CredentialStatus.Revoked);
        credential = Shown(credential, record);
        return new Outcome.Held(new CredentialEnvelope
        {
            Credential = credential,
            Reference = reference,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            ReplacedAcsCredentialId = replaced,
            Stale = stale,
        }, Created: false);
    }

    /// <summary>DELETE's answer; a stale one tells the status the credential still has.</summary>
    public static Outcome.Revoked Revoked(CredentialRecord record, string reference, string requestId, string? seamRequestId, bool? stale = null) =>
        new(new RevokedAnswer
        {
            Reference = reference,
            AcsCredentialId = record.AcsCredentialId,
            AccessGrantId = (record.Answer?.Credential as AccessGrantAnswer)?.AccessGrantId,
            Status = record.State == CredentialState.Active ? record.Answer!.Credential.Status : CredentialStatus.Revoked,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
            Stale = stale,
        });

    /// <summary>The access with what the record knows beside Seam's own view: first and last use, readiness, each lock's health.</summary>
    public static AccessAnswer Shown(AccessAnswer access, CredentialRecord record)
    {
        var shown = access.WithUse(record.FirstUsedAt, record.LastUsedAt).WithReadiness(record.Readiness);
        if (shown is not AccessCodesAnswer codes || record.Doors.Count == 0)
            return shown;
        return codes.WithLocks(device => record.Doors.Of(device) is { } door
            ? (door.Online, door.BatteryLevel)
            : null);
    }

    public static Outcome.Failed InProgress(string requestId, TimeSpan wait) =>
        Problems.IdempotencyInProgress(requestId, wait);
}
