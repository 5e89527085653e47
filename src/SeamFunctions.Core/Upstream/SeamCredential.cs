namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's <c>acs_credential</c>, read leniently: every field may be missing or null, unknown fields and
/// unknown warning codes are ignored. Timestamps stay strings so an unexpected format never fails the read.
/// Seam's answers are read into settable properties (here and in the other answer types): the generated reader then
/// fills them one by one, where init-only ones made it gather every field into an argument array first.
/// </summary>
internal sealed class SeamCredential
{
    public string? AcsCredentialId { get; set; }
    public string? AcsUserId { get; set; }
    public string? Code { get; set; }
    public string? AcsSystemId { get; set; }
    public string? ExternalType { get; set; }
    public string? ExternalTypeDisplayName { get; set; }
    public string? WorkspaceId { get; set; }
    public string? CreatedAt { get; set; }
    public string? AccessMethod { get; set; }
    public string? DisplayName { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public bool? IsIssued { get; set; }
    public string? IssuedAt { get; set; }
    public IReadOnlyList<SeamWarning?>? Warnings { get; set; }
    public IReadOnlyList<SeamError?>? Errors { get; set; }

    public override string ToString() => $"SeamCredential({AcsCredentialId})";
}

internal sealed class SeamWarning
{
    public string? WarningCode { get; set; }
    public string? Message { get; set; }
}

internal sealed class SeamError
{
    public string? ErrorCode { get; set; }
    public string? Message { get; set; }
}
