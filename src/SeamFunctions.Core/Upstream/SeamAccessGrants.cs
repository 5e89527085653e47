namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's <c>access_grant</c>, read leniently (every field may be missing; times stay strings): who may enter where
/// and when, and the ids of the access methods Seam made for it.
/// </summary>
internal sealed class SeamAccessGrant
{
    public string? AccessGrantId { get; set; }
    public string? AccessGrantKey { get; set; }
    public string? UserIdentityId { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? CreatedAt { get; set; }
    public IReadOnlyList<string?>? AccessMethodIds { get; set; }
    public IReadOnlyList<SeamWarning?>? Warnings { get; set; }
    public IReadOnlyList<SeamError?>? Errors { get; set; }

    public override string ToString() => $"SeamAccessGrant({AccessGrantId})";
}

/// <summary>
/// Seam's <c>access_method</c>: one way in under a grant (<c>mode</c> <c>code</c>, <c>mobile_key</c>, …), with the PIN
/// of a code or the <c>instant_key_url</c> of a phone key. Both are credentials: never log them.
/// </summary>
internal sealed class SeamAccessMethod
{
    public string? AccessMethodId { get; set; }
    public string? Mode { get; set; }

    /// <summary>The PIN. Secret.</summary>
    public string? Code { get; set; }

    /// <summary>The link that opens a phone key. Secret.</summary>
    public string? InstantKeyUrl { get; set; }

    public bool? IsIssued { get; set; }
    public string? IssuedAt { get; set; }
    public string? CreatedAt { get; set; }
    public IReadOnlyList<SeamWarning?>? Warnings { get; set; }
    public IReadOnlyList<SeamError?>? Errors { get; set; }

    public override string ToString() => $"SeamAccessMethod({AccessMethodId}, {Mode})";
}

/// <summary>One requested access method: <c>{mode:"code", code?}</c> or <c>{mode:"mobile_key"}</c>.</summary>
internal sealed class SeamRequestedAccessMethod
{
    public required string Mode { get; init; }

    /// <summary>The PIN, when the caller chose one. Secret.</summary>
    public string? Code { get; init; }

    public override string ToString() => $"SeamRequestedAccessMethod({Mode})";
}

/// <summary>A new user identity made with the grant (a guest the adapter has no Seam id for).</summary>
internal sealed class SeamGrantUserIdentity
{
    public string? FullName { get; init; }
}

/// <summary>The body of <c>/access_grants/create</c>: who, where (devices, entrances, spaces), when, and how.</summary>
internal sealed class SeamCreateAccessGrantBody
{
    public Guid? UserIdentityId { get; init; }
    public SeamGrantUserIdentity? UserIdentity { get; init; }
    public IReadOnlyList<string>? DeviceIds { get; init; }
    public IReadOnlyList<Guid>? AcsEntranceIds { get; init; }
    public IReadOnlyList<Guid>? SpaceIds { get; init; }
    public required IReadOnlyList<SeamRequestedAccessMethod> RequestedAccessMethods { get; init; }
    public string? AccessGrantKey { get; init; }
    public string? ReservationKey { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    public override string ToString() => "SeamCreateAccessGrantBody";
}

/// <summary>The body of <c>/access_grants/update</c>: both times, always, and the name (Seam changes times and name only).</summary>
internal sealed class SeamUpdateAccessGrantBody
{
    public required string AccessGrantId { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Name { get; init; }
}

/// <summary>The body of <c>/access_grants/request_access_methods</c>.</summary>
internal sealed class SeamRequestAccessMethodsBody
{
    public required string AccessGrantId { get; init; }
    public required IReadOnlyList<SeamRequestedAccessMethod> RequestedAccessMethods { get; init; }

    public override string ToString() => "SeamRequestAccessMethodsBody";
}

/// <summary><c>{"access_grant_id"}</c>: get, delete, and the list of its access methods.</summary>
internal sealed class SeamAccessGrantIdBody
{
    public required string AccessGrantId { get; init; }
}

/// <summary><c>{"access_method_id"}</c>: delete one access method.</summary>
internal sealed class SeamAccessMethodIdBody
{
    public required string AccessMethodId { get; init; }
}

/// <summary>The body of <c>/access_grants/list</c> by the key the adapter gave a grant.</summary>
internal sealed class SeamListAccessGrantsBody
{
    public required string AccessGrantKey { get; init; }
}

internal sealed class SeamAccessGrantResponse
{
    public SeamAccessGrant? AccessGrant { get; set; }
}

internal sealed class SeamListAccessGrantsResponse
{
    public IReadOnlyList<SeamAccessGrant?>? AccessGrants { get; set; }
}

internal sealed class SeamListAccessMethodsResponse
{
    public IReadOnlyList<SeamAccessMethod?>? AccessMethods { get; set; }
}
