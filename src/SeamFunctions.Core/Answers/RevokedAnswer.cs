using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// DELETE's answer: <c>{"ok":true,"reference":...,"acs_credential_id":...,"status":"revoked","request_id":...}</c>.
/// A stale DELETE (older version) changes nothing and says the current status instead.
/// </summary>
internal sealed class RevokedAnswer
{
    public bool Ok { get; } = true;
    public required string Reference { get; init; }
    public string? AcsCredentialId { get; init; }

    /// <summary>The access grant deleted (<c>Seam__AccessModel=grants</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessGrantId { get; init; }
    public string Status { get; init; } = CredentialStatus.Revoked;
    public required string RequestId { get; init; }
    public string? SeamRequestId { get; init; }

    /// <summary>DELETE whose version was older than the last applied: nothing changed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Stale { get; init; }
}
