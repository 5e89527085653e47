using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// An ACS credential (<c>kind: acs_credential</c>), the normalized credential we answer with: Seam's names for the fields we chose to expose, copied one by one,
/// plus <see cref="Status"/>. Seam's own model is never serialized back out.
/// </summary>
internal sealed class CredentialAnswer : AccessAnswer
{
    public required string AcsCredentialId { get; init; }
    public string? AcsUserId { get; init; }

    public override string? Code { get; init; }

    public string? AcsSystemId { get; init; }
    public string? ExternalType { get; init; }
    public string? ExternalTypeDisplayName { get; init; }
    public string? WorkspaceId { get; init; }
    public string? CreatedAt { get; init; }
    public string? AccessMethod { get; init; }
    public string? DisplayName { get; init; }
    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }
    public bool? IsIssued { get; init; }
    public string? IssuedAt { get; init; }

    /// <summary>The last of Seam's events applied to this credential.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LastEventAnswer? LastEvent { get; init; }

    public override AccessAnswer WithStatus(string status) => With(IsIssued, Errors, status, LastEvent);

    /// <summary>The same credential as an event left it.</summary>
    public CredentialAnswer With(bool? isIssued, IReadOnlyList<NoticeAnswer> errors, string status, LastEventAnswer? lastEvent) => new()
    {
        AcsCredentialId = AcsCredentialId, AcsUserId = AcsUserId, Code = Code, AcsSystemId = AcsSystemId, ExternalType = ExternalType,
        ExternalTypeDisplayName = ExternalTypeDisplayName, WorkspaceId = WorkspaceId, CreatedAt = CreatedAt, AccessMethod = AccessMethod,
        DisplayName = DisplayName, StartsAt = StartsAt, EndsAt = EndsAt, IsIssued = isIssued, IssuedAt = IssuedAt, Warnings = Warnings,
        Errors = errors, Status = status, LastEvent = lastEvent,
    };

    public override string ToString() => $"CredentialAnswer({AcsCredentialId}, {Status})";
}

/// <summary>A warning or an error on a credential, in one shape.</summary>
internal sealed record NoticeAnswer(string Code, string? Message);
