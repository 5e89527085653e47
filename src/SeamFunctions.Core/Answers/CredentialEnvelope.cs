using System.Text.Json.Serialization;

namespace SeamFunctions.Answers;

/// <summary>
/// The credential answer: <c>{"ok":true,"credential":{...},"reference":...,"request_id":...,"seam_request_id":...}</c>.
/// The 201 of a create, and the 200 of PUT and GET by reference, which may add <c>replaced_acs_credential_id</c>
/// and <c>stale</c>.
/// </summary>
internal sealed class CredentialEnvelope
{
    public bool Ok { get; } = true;
    public required AccessAnswer Credential { get; init; }
    public string? Reference { get; init; }
    public required string RequestId { get; init; }
    public string? SeamRequestId { get; init; }

    /// <summary>PUT that replaced the credential: the one it deleted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplacedAcsCredentialId { get; init; }

    /// <summary>PUT or DELETE whose version was older than the last applied: nothing changed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Stale { get; init; }
}
