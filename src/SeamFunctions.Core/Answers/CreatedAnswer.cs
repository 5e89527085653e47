namespace SeamFunctions.Answers;

/// <summary>The 201 body: <c>{"ok":true,"credential":{...},"reference":...,"request_id":...,"seam_request_id":...}</c>.</summary>
internal sealed class CreatedAnswer
{
    public bool Ok { get; } = true;
    public required CredentialAnswer Credential { get; init; }
    public string? Reference { get; init; }
    public required string RequestId { get; init; }
    public string? SeamRequestId { get; init; }
}
