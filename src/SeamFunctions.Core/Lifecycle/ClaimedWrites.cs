using Microsoft.Extensions.Logging;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Idempotency;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// What a write does at Seam to a record it has claimed: finish what an unfinished change left (tracked first, so
/// nothing it made is forgotten), change in place (noted in the record before it reaches Seam), replace, recreate,
/// revoke. Every Seam call goes out under the record's lease; a write that lost it stores nothing.
/// <see cref="ReferenceCommands"/> decides which; this does it.
/// </summary>
internal sealed class ClaimedWrites(
    ICredentialRecordStore records, RecordCreates creates, RecordLeases leases, AccessKindSelector kinds, TimeProvider time, ILogger<ClaimedWrites> logger)
{
    /// <summary>
    /// The record claimed; what an unfinished change may have made tracked first; then changed in place (the change
    /// noted in the record before it reaches Seam) or replaced. Null: another write took the record, read it again.
    /// </summary>
    public async Task<Outcome?> ChangeOrReplaceAsync(CredentialRecord record, AccessRequest request, string fingerprint, string requestId, CancellationToken cancellationToken)
    {
        var inPlace = kinds.For(record.Access).CanChangeInPlace(record.Access, request);
        var unfinished = record.ChangingTo is not null;
        if (inPlace && !unfinished)
            record.ChangingTo = ReferenceAccess.Stored(request); // stored with the claim
        if (!await leases.ClaimAsync(record, cancellationToken))
            return null;
        var lease = leases.LeaseOf(record);
        if (unfinished)
        {
            if (await TrackUnfinishedAsync(record, request.Reference!, lease, requestId, cancellationToken) is { } failed)
                return failed;
            record.ChangingTo = inPlace ? ReferenceAccess.Stored(request) : null;
            if (!await leases.ClaimAsync(record, cancellationToken))
                return InProgress(requestId, TimeSpan.FromSeconds(1));
        }

        return inPlace
            ? await ChangeAsync(record, request, fingerprint, lease, requestId, cancellationToken)
            : await ReplaceAsync(record, request, fingerprint, lease, requestId, cancellationToken);
    }

    /// <summary>
    /// An earlier change did not end for certain: whatever it may have made is found and becomes part of what the
    /// record holds, so nothing it made outlives the reference. Null when that is done; else the failure, answered.
    /// </summary>
    private async Task<Outcome?> TrackUnfinishedAsync(CredentialRecord record, string reference, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        if (record is not { ChangingTo: { } unfinished, Answer: { } answer })
            return null;
        var tracked = await kinds.For(unfinished).TrackUnfinishedAsync(answer.Credential, unfinished with { Reference = reference }, lease, cancellationToken);
        if (tracked is not AccessResult.Held held)
            return await FailedAsync(record, tracked, requestId, code: null);
        record.HoldsNow(held.Access);
        record.ChangingTo = null;
        return null;
    }

    /// <summary>Only what Seam can change in place changed: the same credential (or codes), changed.</summary>
    private async Task<Outcome> ChangeAsync(CredentialRecord record, AccessRequest request, string fingerprint, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var held = ReferenceAccess.Pending(record, request.Reference!); // with the reference: a lock's default name is it
        var result = await SafelyRepeatedAsync(record, "update", () => kinds.For(request).ChangeAsync(record.Answer!.Credential, held, request, lease, cancellationToken), requestId, cancellationToken);
        switch (result)
        {
            case AccessResult.Held changed:
                (record.Access, record.Fingerprint) = (ReferenceAccess.Stored(request), fingerprint);
                record.Holds(Envelopes.Of(changed.Access, request, requestId, changed.SeamRequestId), request.Version, leases.Expiry(CredentialState.Active, request.EndsAt));
                await leases.SettleAsync(record, requestId);
                await leases.IndexAsync(record, requestId);
                LifecycleLog.Applied(logger, requestId, "update", nameof(CredentialState.Active), record.AcsCredentialId);
                return ReferenceAnswers.Credential(record, request.Reference!, requestId, changed.SeamRequestId);
            case AccessResult.Failed { NotFound: true } when record.AcsCredentialId is not null || record.Answer?.Credential is AccessGrantAnswer:
                // Gone at Seam (deleted elsewhere): nothing to delete, so the replace goes straight to its create.
                return (await RecreateAsync(record, request, fingerprint, replacing: true, replaced: record.AcsCredentialId, requestId, cancellationToken))!;
            default:
                return await FailedAsync(record, result, requestId, request.Code);
        }
    }

    /// <summary>Anything else changed (another guest, door system or kind): delete what is held, then create the new one.</summary>
    private async Task<Outcome> ReplaceAsync(CredentialRecord record, AccessRequest request, string fingerprint, IWriteLease lease, string requestId, CancellationToken cancellationToken)
    {
        var old = record.AcsCredentialId;
        var deleted = await SafelyRepeatedAsync(record, "delete", () => kinds.For(record.Access).RemoveAsync(record.Answer!.Credential, lease, cancellationToken), requestId, cancellationToken);
        return deleted is AccessResult.Gone
            ? (await RecreateAsync(record, request, fingerprint, replacing: true, replaced: old, requestId, cancellationToken))!
            : await FailedAsync(record, deleted, requestId, request.Code);
    }

    /// <summary>
    /// Seam failed partway: the record keeps what Seam holds now (the next write finishes), the problem is answered.
    /// A write another took the record from stores nothing: the record is the new holder's.
    /// </summary>
    private async Task<Outcome> FailedAsync(CredentialRecord record, AccessResult result, string requestId, string? code)
    {
        var failed = (AccessResult.Failed)result;
        if (failed.Superseded)
        {
            LifecycleLog.RecordLost(logger, requestId);
            return InProgress(requestId, TimeSpan.FromSeconds(1));
        }

        if (failed.Partial is { } partial)
            record.HoldsNow(partial);
        return await leases.ReleaseAsync(record, failed.Problem(requestId, code), requestId);
    }

    /// <summary>Nothing is held (any more): the next generation's create, noted in the record before it reaches Seam.</summary>
    public async Task<Outcome?> RecreateAsync(
        CredentialRecord record, AccessRequest request, string fingerprint, bool replacing, string? replaced, string requestId, CancellationToken cancellationToken,
        bool orReadAgain = false)
    {
        record.Retarget(ReferenceAccess.Stored(request), fingerprint, replacing, replaced, time.GetUtcNow(), leases.Lease);
        if (await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
            return await creates.AttemptAsync(record, request, requestId, cancellationToken);
        return orReadAgain ? null : InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>The claimed record's credential deleted; null when an unfinished create was finished first (read again).</summary>
    public async Task<Outcome?> RemoveAsync(CredentialRecord record, string reference, EventVersion? version, string requestId, CancellationToken cancellationToken)
    {
        if (record.State == CredentialState.Creating)
        {
            // The create may have reached Seam: finish it (it adopts what Seam made), then delete what it made.
            var finished = await creates.FinishAsync(record, ReferenceAccess.Pending(record, reference), requestId, cancellationToken);
            return finished is not Outcome.Held && record.State != CredentialState.Empty ? finished : null;
        }

        var lease = leases.LeaseOf(record);
        if (await TrackUnfinishedAsync(record, reference, lease, requestId, cancellationToken) is { } untracked)
            return untracked;
        var deleted = await SafelyRepeatedAsync(record, "delete", () => kinds.For(record.Access).RemoveAsync(record.Answer!.Credential, lease, cancellationToken), requestId, cancellationToken);
        if (deleted is not AccessResult.Gone)
            return await FailedAsync(record, deleted, requestId, code: null);
        record.Revoked(time.GetUtcNow(), version, leases.Expiry(CredentialState.Revoked, null));
        await leases.SettleAsync(record, requestId);
        LifecycleLog.Applied(logger, requestId, "revoke", nameof(CredentialState.Revoked), deleted.SeamRequestId);
        return ReferenceAnswers.Revoked(record, reference, requestId, deleted.SeamRequestId);
    }

    /// <summary>Update and delete are safe to repeat: after an answer that leaves it open, renew the lease and send once more.</summary>
    private async Task<AccessResult> SafelyRepeatedAsync(CredentialRecord record, string operation, Func<Task<AccessResult>> call, string requestId, CancellationToken cancellationToken)
    {
        var result = await call();
        if (result is not AccessResult.Failed { MayHaveActed: true } || !await leases.ClaimAsync(record, cancellationToken))
            return result;
        LifecycleLog.Retried(logger, requestId, operation);
        return await call();
    }

    public Outcome.Failed InProgress(string requestId, TimeSpan wait)
    {
        IdempotencyLog.Outcome(logger, requestId, "reference", "in progress");
        return ReferenceAnswers.InProgress(requestId, wait);
    }
}

/// <summary>A reference's access as the record keeps it, and as a request for that reference.</summary>
internal static class ReferenceAccess
{
    /// <summary>What the record keeps of a request: the access alone (not the reference, version or guest details).</summary>
    public static AccessRequest Stored(AccessRequest request) => request with { Reference = null, Version = null, Guest = null, GeneratedCodeLength = null };

    /// <summary>The request the record's access was made from, for this reference.</summary>
    public static AccessRequest Pending(CredentialRecord record, string reference) => record.Access with { Reference = reference };
}
