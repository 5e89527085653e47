using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// One kind of access Seam holds for a guest, and the upstream calls that make, find, change, remove and read
/// it. Today: ACS credentials (<see cref="AcsCredentials"/>). Commands, keys and records above it deal only in
/// <see cref="AccessRequest"/> and the normalized answer, so a second kind touches no endpoint and no key policy.
/// </summary>
internal interface IAccessKind
{
    /// <summary>One create at Seam, and what it amounts to there.</summary>
    Task<IssueOutcome> CreateAsync(AccessRequest request, string requestId, CancellationToken cancellationToken);

    /// <summary>After an attempt that may have acted: what Seam holds that this request would have made since <paramref name="since"/>, oldest first.</summary>
    Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, string requestId, CancellationToken cancellationToken);

    /// <summary>Whether Seam can change what <paramref name="held"/> made into <paramref name="wanted"/> in place (else: replace).</summary>
    bool CanChangeInPlace(AccessRequest held, AccessRequest wanted);

    Task<AccessResult> ChangeAsync(string id, AccessRequest held, AccessRequest wanted, CancellationToken cancellationToken);

    /// <summary>Removes it; safe to repeat. Seam no longer knowing it counts as removed.</summary>
    Task<AccessResult> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>As Seam has it now.</summary>
    Task<AccessResult> ReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>The 2xx envelope of an access Seam holds for <paramref name="request"/>.</summary>
    CredentialEnvelope Envelope(CredentialAnswer access, AccessRequest request, string requestId, string? seamRequestId);
}

/// <summary>Candidates an earlier attempt may have made (oldest first), or the problem that kept us from knowing.</summary>
internal sealed record FoundAccess(IReadOnlyList<CredentialAnswer> Candidates, string? SeamRequestId, ApiResponse? Problem);

/// <summary>What a change, remove or read ended in: the access as Seam holds it now, gone, or Seam's failure.</summary>
internal abstract record AccessResult(string? SeamRequestId)
{
    public sealed record Held(CredentialAnswer Access, string? SeamRequestId) : AccessResult(SeamRequestId);

    /// <summary>Removed now, or unknown to Seam (404).</summary>
    public sealed record Gone(string? SeamRequestId) : AccessResult(SeamRequestId);

    public sealed record Failed(SeamCallResult Result) : AccessResult(Result.SeamRequestId)
    {
        /// <summary>A timeout or a failure after sending: Seam may have acted, and these calls are safe to repeat.</summary>
        public bool MayHaveActed => Result is SeamCallResult.TimedOut or SeamCallResult.Unavailable { SeamMayHaveActed: true };

        /// <summary>Seam does not know it (the change found nothing to change).</summary>
        public bool NotFound => Result is SeamCallResult.Rejected { Status: 404 };
    }
}
