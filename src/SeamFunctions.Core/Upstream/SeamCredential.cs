namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's <c>acs_credential</c>, read leniently: every field may be missing or null, unknown fields and
/// unknown warning codes are ignored. Timestamps stay strings so an unexpected format never fails the read.
/// </summary>
internal sealed class SeamCredential
{
    public string? AcsCredentialId { get; init; }
    public string? AcsUserId { get; init; }
    public string? Code { get; init; }
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
    public IReadOnlyList<SeamWarning?>? Warnings { get; init; }
    public IReadOnlyList<SeamError?>? Errors { get; init; }

    public override string ToString() => $"SeamCredential({AcsCredentialId})";
}

internal sealed class SeamWarning
{
    public string? WarningCode { get; init; }
    public string? Message { get; init; }
}

internal sealed class SeamError
{
    public string? ErrorCode { get; init; }
    public string? Message { get; init; }
}
