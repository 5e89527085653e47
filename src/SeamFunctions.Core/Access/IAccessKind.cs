using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Upstream;

namespace SeamFunctions.Access;

/// <summary>
/// One kind of access Seam holds for a guest, and the upstream calls that make, find, change, remove and read
/// it: ACS credentials (<see cref="AcsCredentials"/>), access codes on smart locks (<see cref="AccessCodes"/>) and
/// Seam's access grants (<see cref="AccessGrants"/>).
/// Commands, keys and records above it deal only in <see cref="AccessRequest"/> and <see cref="AccessAnswer"/>.
/// </summary>
internal interface IAccessKind
{
    /// <summary>
    /// Creates at Seam what <paramref name="request"/> asks for, keeping what an earlier attempt of it already made
    /// (<paramref name="made"/>, found by <see cref="FindCreatedAsync"/>): nothing is made twice.
    /// </summary>
    Task<IssueOutcome> CreateAsync(AccessRequest request, AccessAnswer? made, IWriteLease lease, string requestId, CancellationToken cancellationToken);

    /// <summary>After an attempt that may have acted: what Seam holds that it would have made since <paramref name="since"/>, oldest first.</summary>
    Task<FoundAccess> FindCreatedAsync(AccessRequest request, DateTimeOffset since, IWriteLease lease, string requestId, CancellationToken cancellationToken);

    /// <summary>Whether Seam can change what <paramref name="held"/> made into <paramref name="wanted"/> in place (else: replace).</summary>
    bool CanChangeInPlace(AccessRequest held, AccessRequest wanted);

    /// <summary>Changes <paramref name="held"/> in place; safe to repeat.</summary>
    Task<AccessResult> ChangeAsync(AccessAnswer held, AccessRequest heldRequest, AccessRequest wanted, IWriteLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// A change towards <paramref name="changingTo"/> began and did not end for certain: <paramref name="held"/> with
    /// whatever that change may have made at Seam and the record does not know yet, so nothing it made is left untracked.
    /// </summary>
    Task<AccessResult> TrackUnfinishedAsync(AccessAnswer held, AccessRequest changingTo, IWriteLease lease, CancellationToken cancellationToken);

    /// <summary>Removes it; safe to repeat. Seam no longer knowing it counts as removed.</summary>
    Task<AccessResult> RemoveAsync(AccessAnswer held, IWriteLease lease, CancellationToken cancellationToken);

    /// <summary>As Seam has it now.</summary>
    Task<AccessResult> ReadAsync(AccessAnswer held, CancellationToken cancellationToken);
}

/// <summary>The kind of access a request asks for (or a record holds), by <see cref="AccessRequest.Kind"/>.</summary>
internal sealed class AccessKindSelector(AcsCredentials credentials, AccessCodes codes, AccessGrants grants)
{
    public IAccessKind For(AccessRequest request) => request.Grant is not null ? grants : request.DeviceIds is null ? credentials : codes;
}

/// <summary>Candidates an earlier attempt may have made (oldest first), or the problem that kept us from knowing.</summary>
internal sealed record FoundAccess(IReadOnlyList<AccessAnswer> Candidates, string? SeamRequestId, Outcome.Failed? Problem);

/// <summary>What a change, remove or read ended in: the access as Seam holds it now, gone, or Seam's failure.</summary>
internal abstract record AccessResult(string? SeamRequestId)
{
    public sealed record Held(AccessAnswer Access, string? SeamRequestId) : AccessResult(SeamRequestId);

    /// <summary>Removed now, or unknown to Seam (404).</summary>
    public sealed record Gone(string? SeamRequestId) : AccessResult(SeamRequestId);

    /// <param name="Partial">What Seam holds after part of the work was done (some locks changed), to record; null: as before.</param>
    /// <param name="DeviceId">The lock the failing call was for.</param>
    public sealed record Failed(SeamCallResult Result, AccessAnswer? Partial = null, string? DeviceId = null) : AccessResult(Result.SeamRequestId)
    {
        /// <summary>A timeout or a failure after sending: Seam may have acted, and these calls are safe to repeat.</summary>
        public bool MayHaveActed => Result is SeamCallResult.TimedOut or SeamCallResult.Unavailable { SeamMayHaveActed: true };

        /// <summary>Another write took the record over: this one stopped before its next call and stores nothing.</summary>
        public bool Superseded => Result is SeamCallResult.Superseded;

        /// <summary>Seam does not know it (the change found nothing to change).</summary>
        public bool NotFound => Result is SeamCallResult.Rejected { Status: 404 };

        public Outcome.Failed Problem(string requestId, string? code) => Problems.FromUpstream(Result, requestId, code, DeviceId);
    }
}

/// <summary>The 2xx envelope of an access Seam holds for a request.</summary>
internal static class Envelopes
{
    public static CredentialEnvelope Of(AccessAnswer access, AccessRequest request, string requestId, string? seamRequestId) => new()
    {
        Credential = access,
        Reference = request.Reference,
        RequestId = requestId,
        SeamRequestId = seamRequestId,
    };
}
