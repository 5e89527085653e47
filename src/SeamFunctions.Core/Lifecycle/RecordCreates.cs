using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

/// <summary>
/// A reference's create, exactly once per generation, owned by its record (no second record, no callback): the
/// record notes each attempt before it reaches Seam and, after one that may have acted, reconciles through the one
/// exactly-once mechanism (<see cref="ExactlyOnceCreate"/>) before creating again. The record's lease and how a
/// write is stored are <see cref="RecordLeases"/>'.
/// </summary>
internal sealed class RecordCreates(
    ICredentialRecordStore records,
    RecordLeases leases,
    ExactlyOnceCreate once,
    TimeProvider time,
    ILogger<RecordCreates> logger)
{
    /// <summary>The claimed record is Creating: finish its generation's create, keeping what an earlier attempt made.</summary>
    public async Task<Outcome> FinishAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken)
    {
        AccessAnswer? made = null;
        request = Access.GrantKeys.Keyed(request, record.Scope, record.Key, record.Generation);
        if (record.FirstAttemptAt is { } since)
        {
            if (once.LeftAlone(record.LastAttemptAt!.Value) is var wait && wait > TimeSpan.Zero)
                return await leases.ReleaseAsync(record, ReferenceAnswers.InProgress(requestId, wait), requestId); // let Seam finish what it may be doing
            (made, var problem) = await once.ReconcileAsync(request, since, record.Scope, record.Key, leases.LeaseOf(record), "reference", requestId, cancellationToken);
            if (problem is not null)
                return await leases.ReleaseAsync(record, problem, requestId);
        }

        record.AttemptStarts(time.GetUtcNow(), leases.Lease);
        return await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken))
            ? await AttemptAsync(record, request, requestId, cancellationToken, made)
            : ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The record is claimed and notes this attempt (a new record, a new generation): create once at Seam, keeping
    /// what an earlier attempt made (<paramref name="made"/>).
    /// </summary>
    public async Task<Outcome> AttemptAsync(CredentialRecord record, AccessRequest request, string requestId, CancellationToken cancellationToken, AccessAnswer? made = null)
    {
        var startedAt = record.LastAttemptAt!.Value;
        request = Access.GrantKeys.Keyed(request, record.Scope, record.Key, record.Generation);
        IssueOutcome outcome;
        try
        {
            outcome = await once.CreateAsync(request, made, leases.LeaseOf(record), requestId, cancellationToken);
        }
        catch
        {
            await leases.SettleReleasedAsync(record, requestId); // cancelled or failed: Seam may have acted, the next write reconciles
            throw;
        }

        if (outcome.RecordLost)
        {
            LifecycleLog.RecordLost(logger, requestId); // another write holds the record now: it finishes this generation
            return outcome.Answer;
        }

        if (outcome.Created is { } created)
            return await HoldsAsync(record, created, request, requestId, made is null ? "create" : "adopt");
        if (outcome.Effect == UpstreamEffect.Answered)
            record.Refused(leases.Expiry(CredentialState.Empty, null)); // refused for certain: the next create is a new generation
        else if (outcome.Effect == UpstreamEffect.NotActed)
            record.AttemptNotActed(startedAt);
        return await leases.ReleaseAsync(record, outcome.Answer, requestId);
    }

    /// <summary>Seam holds <paramref name="answer"/> for the record: a 201, or for a finished replace its 200.</summary>
    private async Task<Outcome> HoldsAsync(CredentialRecord record, CredentialEnvelope answer, AccessRequest request, string requestId, string operation)
    {
        var (replacing, replaced) = (record.Replacing, record.ReplacedAcsCredentialId);
        record.Holds(answer, request.Version, leases.Expiry(CredentialState.Active, request.EndsAt));
        await leases.SettleAsync(record, requestId);
        await leases.IndexAsync(record, requestId);
        LifecycleLog.Applied(logger, requestId, replacing ? "replace" : operation, nameof(CredentialState.Active), record.AcsCredentialId);
        return replacing
            ? ReferenceAnswers.Credential(record, request.Reference!, requestId, answer.SeamRequestId, replaced: replaced)
            : new Outcome.Held(answer, Created: true);
    }
}
