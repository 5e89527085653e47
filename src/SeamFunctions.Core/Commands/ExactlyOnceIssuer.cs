using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Storage;

namespace SeamFunctions.Commands;

/// <summary>
/// A create whose key names one request (a header, a signed delivery id, a body hash, a label reference): however
/// often and however concurrently it arrives, at most one credential is created and every caller gets the same
/// answer. The key is claimed with an atomic insert; a finished answer is replayed; an ambiguous failure is
/// reconciled against Seam before anything is created again, by the same mechanism a reference's record uses
/// (<see cref="ExactlyOnceCreate"/>). (A key that is a path-valid reference names a
/// credential for its whole stay instead: its record does this, see <see cref="Lifecycle.ReferenceCommands"/>.)
/// </summary>
internal sealed class ExactlyOnceIssuer(
    ExactlyOnceCreate creates,
    IIdempotencyStore store,
    IOptions<IdempotencyOptions> options,
    TimeProvider time,
    ILogger<ExactlyOnceIssuer> logger)
{
    private const int MaxClaimAttempts = 5;

    public async Task<Outcome> IssueAsync(AccessRequest request, IdempotencyKey key, string scope, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimAndRunAsync(request, key, scope, requestId, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            // Nothing was sent to Seam: the key could not be claimed, so the request must not go ahead.
            IdempotencyLog.StoreFailed(logger, e.InnerException!.GetType().Name, requestId);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
    }

    private async Task<Outcome> ClaimAndRunAsync(AccessRequest request, IdempotencyKey key, string scope, string requestId, CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Of(request);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var fresh = NewRecord(scope, key, fingerprint, time.GetUtcNow());
            if (await StoreCall.RunAsync(() => store.TryInsertAsync(fresh, cancellationToken)))
                return await RunAsync(fresh, key, reconcile: false, request, requestId, cancellationToken);

            var existing = await StoreCall.RunAsync(() => store.GetAsync(scope, key.Hash, cancellationToken));
            if (existing is null)
                continue; // released between our insert and read: try again
            if (existing.ExpiresAt <= fresh.AttemptStartedAt)
            {
                fresh.ETag = existing.ETag; // expired: it neither replays nor blocks
                if (await StoreCall.RunAsync(() => store.TryReplaceAsync(fresh, cancellationToken)))
                    return await RunAsync(fresh, key, reconcile: false, request, requestId, cancellationToken);
                continue;
            }

            if (Answer(existing, fingerprint, key, requestId) is { } answer)
                return answer;
            if (await TakeOverAsync(existing, cancellationToken))
                return await RunAsync(existing, key, reconcile: true, request, requestId, cancellationToken);
        }

        return InProgress(requestId, key, TimeSpan.FromSeconds(1));
    }

    /// <summary>What an existing record answers by itself: a replay, a reused key, a wait; null when it may be taken over.</summary>
    private Outcome? Answer(IdempotencyRecord existing, string fingerprint, IdempotencyKey key, string requestId)
    {
        var now = time.GetUtcNow();
        if (!string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            IdempotencyLog.Outcome(logger, requestId, key.Source, "key reused with a different request");
            return Problems.IdempotencyKeyReused(requestId);
        }

        switch (existing.State)
        {
            case IdempotencyState.Done:
                IdempotencyLog.Outcome(logger, requestId, key.Source, "replayed");
                return new Outcome.Stored(ApiResponse.Restore(existing.Status!.Value, existing.ContentType!, existing.Body!, existing.RetryAfter).AsReplay());
            case IdempotencyState.InFlight when existing.LeaseUntil > now:
                return InProgress(requestId, key, existing.LeaseUntil - now);
            case IdempotencyState.Unknown when creates.LeftAlone(existing.LastAttemptAt) is var wait && wait > TimeSpan.Zero:
                return InProgress(requestId, key, wait);
            default:
                return null;
        }
    }

    /// <summary>Unknown, or in flight past its lease (the attempt crashed): take the key over, to reconcile.</summary>
    private Task<bool> TakeOverAsync(IdempotencyRecord existing, CancellationToken cancellationToken)
    {
        existing.State = IdempotencyState.InFlight;
        existing.LeaseUntil = time.GetUtcNow() + options.Value.Lease;
        return StoreCall.RunAsync(() => store.TryReplaceAsync(existing, cancellationToken));
    }

    /// <summary>This request owns the key: create, keeping what an earlier attempt made when one may have acted.</summary>
    private async Task<Outcome> RunAsync(
        IdempotencyRecord record, IdempotencyKey key, bool reconcile, AccessRequest request, string requestId, CancellationToken cancellationToken)
    {
        request = GrantKeys.Keyed(request, record.Scope, key.Hash, generation: 0);
        try
        {
            AccessAnswer? made = null;
            if (reconcile)
            {
                (made, var problem) = await creates.ReconcileAsync(request, record.AttemptStartedAt, record.Scope, ownKey: null, NoLease.Instance, key.Source, requestId, cancellationToken);
                if (problem is not null)
                {
                    await SettleAsync(record, IdempotencyState.Unknown, null, requestId);
                    return problem;
                }
            }

            record.LastAttemptAt = time.GetUtcNow();
            var outcome = await creates.CreateAsync(request, made, NoLease.Instance, requestId, cancellationToken);
            await SettleAsync(record, outcome.Effect switch
            {
                UpstreamEffect.Answered => IdempotencyState.Done,
                UpstreamEffect.Unknown => IdempotencyState.Unknown,
                _ => null, // Seam did nothing: the key is free again
            }, outcome.Effect == UpstreamEffect.Answered ? outcome.Answer : null, requestId);
            return outcome.Answer;
        }
        catch
        {
            // Cancelled or failed with Seam possibly having acted: never let the key look unused.
            await SettleAsync(record, IdempotencyState.Unknown, null, requestId);
            throw;
        }
    }

    /// <summary>
    /// Records how the attempt ended (or frees the key when <paramref name="state"/> is null). A store failure here
    /// must not cost the caller an answer Seam already gave: it is logged, and the record, still in flight, is
    /// reconciled by the next retry once its lease ends.
    /// </summary>
    private async Task SettleAsync(IdempotencyRecord record, IdempotencyState? state, Outcome? answer, string requestId)
    {
        try
        {
            // Not the caller's token: a caller who went away must not leave the record half-written.
            if (state is null)
            {
                await store.TryDeleteAsync(record, CancellationToken.None);
                return;
            }

            record.Settle(state.Value, answer is null ? null : Inbound.OutcomeRendering.Render(answer)); // kept to replay byte for byte
            if (!await store.TryReplaceAsync(record, CancellationToken.None))
                IdempotencyLog.LostLease(logger, record.Scope);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            IdempotencyLog.StoreFailed(logger, e.GetType().Name, requestId);
        }
    }

    private IdempotencyRecord NewRecord(string scope, IdempotencyKey key, string fingerprint, DateTimeOffset now) => new()
    {
        Scope = scope,
        KeyHash = key.Hash,
        Fingerprint = fingerprint,
        State = IdempotencyState.InFlight,
        AttemptStartedAt = now,
        LastAttemptAt = now,
        LeaseUntil = now + options.Value.Lease,
        ExpiresAt = now + options.Value.Retention,
    };

    private Outcome.Failed InProgress(string requestId, IdempotencyKey key, TimeSpan wait)
    {
        IdempotencyLog.Outcome(logger, requestId, key.Source, "in progress");
        return Problems.IdempotencyInProgress(requestId, wait);
    }
}
