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
    IAccessKind access,
    IOptions<IdempotencyOptions> idempotency,
    IOptions<LifecycleOptions> lifecycle,
    IOptions<SeamOptions> seam,
    TimeProvider time,
    ILogger<RecordCreates> logger)
{
    /// <summary>One Seam operation: a call and its one re-send after a rotated key, and a margin. Renewed before each.</summary>
    public TimeSpan Lease => (seam.Value.Timeout * 2) + TimeSpan.FromSeconds(5);

    /// <summary>The claimed record is Creating: finish its generation's create, adopting what an earlier attempt made.</summary>
    public async Task<ApiResponse> FinishAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken)
    {
        if (record.FirstAttemptAt is { } since)
        {
            var wait = record.LastAttemptAt!.Value + idempotency.Value.ReconcileAfter - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                return await ReleaseAsync(record, ReferenceAnswers.InProgress(requestId, wait), requestId); // let Seam finish what it may be doing
            if (await AdoptAsync(record, request, since, requestId, cancellationToken) is { } adopted)
                return adopted;
        }

        record.AttemptStarts(time.GetUtcNow(), Lease);
        return await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken))
            ? await AttemptAsync(record, request, requestId, cancellationToken)
            : ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>The record is claimed and notes this attempt (a new record, a new generation): create once at Seam.</summary>
    public async Task<ApiResponse> AttemptAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken)
    {
        var startedAt = record.LastAttemptAt!.Value;
        IssueOutcome outcome;
        try
        {
            outcome = await access.CreateAsync(request, requestId, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(record, answer: null, requestId); // cancelled or failed: Seam may have acted, the next write reconciles
            throw;
        }

        if (outcome.Created is { } created)
            return await HoldsAsync(record, created, request, requestId, "create");
        if (outcome.Effect == UpstreamEffect.Answered)
            record.Refused(Expiry(CredentialState.Empty, null)); // refused for certain: the next create is a new generation
        else if (outcome.Effect == UpstreamEffect.NotActed)
            record.AttemptNotActed(startedAt);
        return await ReleaseAsync(record, outcome.Response, requestId);
    }

    /// <summary>Seam holds <paramref name="answer"/> for the record: a 201, or for a finished replace its 200.</summary>
    private async Task<ApiResponse> HoldsAsync(CredentialRecord record, CredentialEnvelope answer, AccessRequest request, string requestId, string operation)
    {
        var replaced = record.ReplacedAcsCredentialId;
        record.Holds(answer, request.Version, Expiry(CredentialState.Active, request.EndsAt));
        await SettleAsync(record, requestId);
        LifecycleLog.Applied(logger, requestId, replaced is null ? operation : "replace", nameof(CredentialState.Active), record.AcsCredentialId);
        return replaced is null
            ? ApiResponse.Credential(answer)
            : ReferenceAnswers.Credential(record, request.Reference!, requestId, answer.SeamRequestId, status: 200, replaced: replaced);
    }

    private async Task<ApiResponse?> AdoptAsync(CredentialRecord record, AccessRequest request, DateTimeOffset since, string requestId, CancellationToken cancellationToken)
    {
        var found = await access.FindCreatedAsync(request, since, requestId, cancellationToken);
        if (found.Problem is { } problem)
            return await ReleaseAsync(record, problem, requestId);
        foreach (var candidate in found.Candidates)
        {
            // Two references of one guest with the same PIN and dates look alike at Seam: never take another's.
            if (!await StoreCall.RunAsync(() => records.HoldsAsync(record.Scope, candidate.AcsCredentialId, cancellationToken)))
            {
                IdempotencyLog.Outcome(logger, requestId, "reference", "adopted the credential an earlier attempt created");
                return await HoldsAsync(record, access.Envelope(candidate, request, requestId, found.SeamRequestId), request, requestId, "adopt");
            }
        }

        return null;
    }

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
