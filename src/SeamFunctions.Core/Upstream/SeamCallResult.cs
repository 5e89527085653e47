namespace SeamFunctions.Upstream;

/// <summary>Everything a call to Seam can end in; the answer to the caller is made from this alone.</summary>
internal abstract record SeamCallResult(string? SeamRequestId)
{
    /// <summary>Seam answered with an ACS credential (created, read or updated).</summary>
    public sealed record WithCredential(SeamCredential Credential, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered with a user identity (found or created).</summary>
    public sealed record Identity(Guid UserIdentityId, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered with the API key's workspace.</summary>
    public sealed record Workspace(string WorkspaceId, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam accepted the request and answered <c>{"ok":true}</c> without a resource (a delete; an access code's update).</summary>
    public sealed record Accepted(string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered with an access code (created, or read).</summary>
    public sealed record WithAccessCode(SeamAccessCode Code, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered with a lock (<c>/devices/get</c>).</summary>
    public sealed record WithDevice(SeamDevice Device, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>One page of <c>/access_codes/list</c>.</summary>
    public sealed record ListedCodes(IReadOnlyList<SeamAccessCode> Codes, string? NextPageCursor, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered with an access grant (created, read, or given more access methods).</summary>
    public sealed record WithGrant(SeamAccessGrant Grant, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary><c>/access_grants/list</c> by key: the grants Seam holds with it.</summary>
    public sealed record ListedGrants(IReadOnlyList<SeamAccessGrant> Grants, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary><c>/access_methods/list</c> of one grant.</summary>
    public sealed record ListedMethods(IReadOnlyList<SeamAccessMethod> Methods, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered 4xx about the request (not auth, not rate limit): it did not act.</summary>
    public sealed record Rejected(int Status, SeamErrorBody? Error, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>One page of <c>/acs/credentials/list</c>.</summary>
    public sealed record Listed(IReadOnlyList<SeamCredential> Credentials, string? NextPageCursor, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam answered 429.</summary>
    public sealed record RateLimited(TimeSpan? RetryAfter, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>Seam refused the API key, also after it was read again.</summary>
    public sealed record AuthFailed(int Status, string? SeamRequestId) : SeamCallResult(SeamRequestId);

    /// <summary>
    /// Seam answered 5xx or an unreadable answer, or could not be reached. Unless the connection could not even
    /// be made (<paramref name="SeamMayHaveActed"/> false), Seam may have acted.
    /// </summary>
    public sealed record Unavailable(string Reason, string? SeamRequestId, bool SeamMayHaveActed = true) : SeamCallResult(SeamRequestId);

    /// <summary>Seam did not answer within the configured time. Seam may have acted.</summary>
    public sealed record TimedOut() : SeamCallResult((string?)null);

    /// <summary>
    /// Not sent: the write it belonged to no longer holds its record (another write took the reference over). Nothing
    /// was asked of Seam; what the write sent before is the new holder's to reconcile.
    /// </summary>
    public sealed record Superseded() : SeamCallResult((string?)null)
    {
        public static readonly Superseded Instance = new();
    }
}
