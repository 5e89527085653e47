namespace SeamFunctions.Upstream;

/// <summary>The body of <c>POST /acs/credentials/create</c>: exactly the fields we mean to send, nothing passed through.</summary>
internal sealed class SeamCreateCredentialBody
{
    public required string AccessMethod { get; init; }
    public Guid? AcsUserId { get; init; }
    public Guid? UserIdentityId { get; init; }
    public Guid? AcsSystemId { get; init; }
    public string? Code { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public IReadOnlyList<Guid>? AllowedAcsEntranceIds { get; init; }
    public bool? IsMultiPhoneSyncCredential { get; init; }

    public override string ToString() => $"SeamCreateCredentialBody({AccessMethod})";
}
