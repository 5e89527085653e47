using SeamFunctions.Validation;

namespace SeamFunctions.Commands;

/// <summary>
/// A request that passed validation: only the allow-listed fields, in their final types. A record for
/// <c>with</c>; its <c>ToString</c> is overridden, so no generated one can ever print the PIN or a guest's details.
/// </summary>
internal sealed record AccessRequest
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

    /// <summary>Smart locks (Seam device ids) that each get the PIN as an access code; null for an ACS credential.</summary>
    public IReadOnlyList<string>? DeviceIds { get; init; }

    /// <summary>What the locks' apps show for the code (access codes only); the reference when not given.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Under <c>Seam__AccessModel=grants</c>: where Seam's access grant opens and whether a phone key comes with the
    /// PIN (<see cref="DeviceIds"/> is then null); null for an ACS credential or access codes.
    /// </summary>
    public GrantPlaces? Grant { get; init; }

    /// <summary>
    /// The grant's <c>access_grant_key</c>, set by the exactly-once create from the caller's scope, the reference (or
    /// the one-request key) and the create generation; never stored, never part of the fingerprint.
    /// </summary>
    public string? GrantKey { get; init; }

    /// <summary>Which kind of access this asks for: <see cref="Answers.AccessKinds"/>.</summary>
    public string Kind => Grant is not null ? Answers.AccessKinds.AccessGrant
        : DeviceIds is null ? Answers.AccessKinds.AcsCredential : Answers.AccessKinds.AccessCode;

    /// <summary>The caller's own id: echoed back, never sent to Seam.</summary>
    public string? Reference { get; init; }

    /// <summary>The sender's event order, for PUT and DELETE by reference: never sent to Seam.</summary>
    public EventVersion? Version { get; init; }

    /// <summary>A guest without a Seam id: the PMS's own guest id, and what Seam's user identity is made with.</summary>
    public GuestDetails? Guest { get; init; }

    /// <summary>When set and no code is given, the adapter generates a PIN of this length (signed sources).</summary>
    public int? GeneratedCodeLength { get; init; }

    /// <summary>A source's own <c>BackupCodes</c>; null: <c>Locks__BackupCodes</c>. How codes are made, not what: no part of the fingerprint.</summary>
    public bool? BackupCodes { get; init; }

    public override string ToString() => $"AccessRequest({Kind}, {AccessMethod.ToWire()})";
}

/// <summary>
/// Where an access grant opens: Seam devices, ACS entrances and Seam spaces (at least one of them), and whether a
/// <c>mobile_key</c> access method is asked for beside the PIN.
/// </summary>
internal sealed record GrantPlaces(IReadOnlyList<string> DeviceIds, IReadOnlyList<Guid> AcsEntranceIds, IReadOnlyList<Guid> SpaceIds, bool MobileKey)
{
    /// <summary>The same doors, in any order: a grant can keep them; another set is a new grant.</summary>
    public bool SameDoors(GrantPlaces other) =>
        DeviceIds.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(other.DeviceIds)
        && AcsEntranceIds.ToHashSet().SetEquals(other.AcsEntranceIds)
        && SpaceIds.ToHashSet().SetEquals(other.SpaceIds);

    public override string ToString() => $"GrantPlaces({DeviceIds.Count} devices, {AcsEntranceIds.Count} entrances, {SpaceIds.Count} spaces)";
}

/// <summary>A guest as the PMS knows them. Personal data: never logged, never in an error.</summary>
internal sealed record GuestDetails(string Key, string? FullName, string? Email, string? Phone)
{
    public override string ToString() => "GuestDetails";
}
