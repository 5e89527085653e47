using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Configuration;
using SeamFunctions.Idempotency;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// A reference's create, exactly once per generation, owned by its record (no second record, no callback): the
/// record notes each attempt before it reaches Seam; after one that may have acted it waits
/// <c>Idempotency__ReconcileAfter</c>, then adopts what Seam made (never a credential another reference holds)
/// before creating again. Also how every write of a claimed record is renewed and settled.
/// </summary>
internal sealed class RecordCreates(
    ICredentialRecordStore records,
    AccessKindSelector kinds,
    Events.IUpstreamIndex index,
    AdoptionCheck adoption,
    IOptions<IdempotencyOptions> idempotency,
    IOptions<LifecycleOptions> lifecycle,
    IOptions<SeamOptions> seam,
    TimeProvider time,
    ILogger<RecordCreates> logger)
{
    /// <summary>One Seam operation: a call and its one re-send after a rotated key, and a margin. Renewed before each.</summary>
    public TimeSpan Lease => (seam.Value.Timeout * 2) + TimeSpan.FromSeconds(5);

    /// <summary>The claimed record is Creating: finish its generation's create, keeping what an earlier attempt made.</summary>
    public async Task<ApiResponse> FinishAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken)
    {
        AccessAnswer? made = null;
        if (record.FirstAttemptAt is { } since)
        {
            var wait = record.LastAttemptAt!.Value + idempotency.Value.ReconcileAfter - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                return await ReleaseAsync(record, ReferenceAnswers.InProgress(requestId, wait), requestId); // let Seam finish what it may be doing
            var found = await kinds.For(request).FindCreatedAsync(request, since, LeaseOf(record), requestId, cancellationToken);
            if (found.Problem is { } problem)
                return await ReleaseAsync(record, problem, requestId);
            if ((made = await adoption.FirstUnheldAsync(record.Scope, record.Key, found.Candidates, cancellationToken)) is not null)
                IdempotencyLog.Outcome(logger, requestId, "reference", "found what an earlier attempt created");
        }

        record.AttemptStarts(time.GetUtcNow(), Lease);
        return await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken))
            ? await AttemptAsync(record, request, requestId, cancellationToken, made)
            : ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The record is claimed and notes this attempt (a new record, a new generation): create once at Seam, keeping
    /// what an earlier attempt made (<paramref name="made"/>).
    /// </summary>
    public async Task<ApiResponse> AttemptAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken, AccessAnswer? made = null)
    {
        var startedAt = record.LastAttemptAt!.Value;
        IssueOutcome outcome;
        try
        {
            outcome = await kinds.For(request).CreateAsync(request, made, LeaseOf(record), requestId, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(record, answer: null, requestId); // cancelled or failed: Seam may have acted, the next write reconciles
            throw;
        }

        if (outcome.RecordLost)
        {
            LifecycleLog.RecordLost(logger, requestId); // another write holds the record now: it finishes this generation
            return outcome.Response;
        }

        if (outcome.Created is { } created)
            return await HoldsAsync(record, created, request, requestId, made is null ? "create" : "adopt");
        if (outcome.Effect == UpstreamEffect.Answered)
            record.Refused(Expiry(CredentialState.Empty, null)); // refused for certain: the next create is a new generation
        else if (outcome.Effect == UpstreamEffect.NotActed)
            record.AttemptNotActed(startedAt);
        return await ReleaseAsync(record, outcome.Response, requestId);
    }

    /// <summary>Seam holds <paramref name="answer"/> for the record: a 201, or for a finished replace its 200.</summary>
    private async Task<ApiResponse> HoldsAsync(CredentialRecord record, CredentialEnvelope answer, AccessRequest request, string requestId, string operation)
    {
        var (replacing, replaced) = (record.Replacing, record.ReplacedAcsCredentialId);
        record.Holds(answer, request.Version, Expiry(CredentialState.Active, request.EndsAt));
        await SettleAsync(record, requestId);
        await IndexAsync(record, requestId);
        LifecycleLog.Applied(logger, requestId, replacing ? "replace" : operation, nameof(CredentialState.Active), record.AcsCredentialId);
        return replacing
            ? ReferenceAnswers.Credential(record, request.Reference!, requestId, answer.SeamRequestId, status: 200, replaced: replaced)
            : ApiResponse.Credential(answer);
    }

    /// <summary>
    /// Notes which record holds each upstream id the record now holds, so Seam's events about them find it. Best
    /// effort: the change is made; an id not indexed only means its events are not applied.
    /// </summary>
    public async Task IndexAsync(CredentialRecord record, string requestId)
    {
        IEnumerable<string> ids = record.Answer?.Credential switch
        {
            CredentialAnswer credential => [credential.AcsCredentialId],
            AccessCodesAnswer codes => codes.AccessCodes.Select(c => c.AccessCodeId),
            _ => [],
        };
        try
        {
            foreach (var id in ids)
                await index.PutAsync(id, record.Scope, record.Key, record.ExpiresAt, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LifecycleLog.StoreFailed(logger, requestId, e.GetType().Name);
        }
    }

    /// <summary>The claimed record's lease, asked before each Seam call of the write (renewed when due).</summary>
    public IWriteLease LeaseOf(CredentialRecord record) => new RecordLease(record, RenewAsync, Lease, time);

    /// <summary>Holds the record for one more Seam operation; false when another write took it over meanwhile.</summary>
    public Task<bool> RenewAsync(CredentialRecord record, CancellationToken cancellationToken)
    {
        record.Claim(time.GetUtcNow(), Lease);
        return StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken));
    }

    /// <summary>Ends the write: the lease released, the record stored as it is, <paramref name="answer"/> answered.</summary>
    public async Task<ApiResponse> ReleaseAsync(CredentialRecord record, ApiResponse? answer, string requestId)
    {
        record.Release();
        await SettleAsync(record, requestId);
        return answer!;
    }

    /// <summary>Stores how a write ended. Seam has acted by now: a store failure is logged, never the caller's answer.</summary>
    public async Task SettleAsync(CredentialRecord record, string requestId)
    {
        try
        {
            if (!await records.TryReplaceAsync(record, CancellationToken.None))
                LifecycleLog.RecordLost(logger, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LifecycleLog.StoreFailed(logger, requestId, e.GetType().Name);
        }
    }

    /// <summary>When the record may be purged: a live credential's after its end plus the retention; never while it may be live without one.</summary>
    public DateTimeOffset Expiry(CredentialState state, DateTimeOffset? endsAt) => state switch
    {
        CredentialState.Active => endsAt is { } end ? CredentialRecord.Saturated(end, lifecycle.Value.Retention) : CredentialRecord.Never,
        CredentialState.Creating => CredentialRecord.Never,
        _ => time.GetUtcNow() + lifecycle.Value.Retention,
    };
}
