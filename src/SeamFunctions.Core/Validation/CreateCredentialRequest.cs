namespace SeamFunctions.Validation;

/// <summary>
/// A request that passed validation: only the allow-listed fields, in their final types.
/// A class, not a record, so that no generated <c>ToString</c> can ever print the PIN.
/// </summary>
internal sealed class CreateCredentialRequest
{
    public required AccessMethod AccessMethod { get; init; }
    public Guid? AcsUserId { get; init; }
    public Guid? UserIdentityId { get; init; }
    public Guid? AcsSystemId { get; init; }

    /// <summary>The PIN. Secret: never log it, never put it in an exception or a problem response.</summary>
    public string? Code { get; init; }

    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public IReadOnlyList<Guid>? AllowedAcsEntranceIds { get; init; }
    public bool? IsMultiPhoneSyncCredential { get; init; }

    /// <summary>The caller's own id: echoed back, never sent to Seam.</summary>
    public string? Reference { get; init; }

    /// <summary>The sender's event order, for PUT and DELETE by reference: never sent to Seam.</summary>
    public EventVersion? Version { get; init; }

    /// <summary>This request for the reference in the path (PUT by reference).</summary>
    public CreateCredentialRequest WithReference(string reference) => new()
    {
        AccessMethod = AccessMethod,
        AcsUserId = AcsUserId,
        UserIdentityId = UserIdentityId,
        AcsSystemId = AcsSystemId,
        Code = Code,
        StartsAt = StartsAt,
        EndsAt = EndsAt,
        AllowedAcsEntranceIds = AllowedAcsEntranceIds,
        IsMultiPhoneSyncCredential = IsMultiPhoneSyncCredential,
        Reference = reference,
        Version = Version,
    };

    public override string ToString() => $"CreateCredentialRequest({AccessMethod.ToWire()})";
}
