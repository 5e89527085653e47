using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Idempotency;

/// <summary>
/// However often and however concurrently a request with the same key arrives, at most one credential is
/// created and every caller gets the same answer. The key is claimed with an atomic insert; a finished answer
/// is replayed; an ambiguous failure is reconciled against Seam before anything is created again.
/// </summary>
internal sealed class ExactlyOnceIssuer(
    CredentialIssuer issuer,
    CredentialReconciler reconciler,
    IIdempotencyStore store,
    IOptions<IdempotencyOptions> options,
    TimeProvider time,
    ILogger<ExactlyOnceIssuer> logger)
{
    private const int MaxClaimAttempts = 5;

    /// <param name="owned">
    /// When given, says whether a credential already belongs to something else (another reference): reconciliation
    /// never adopts such a one, however well it matches.
    /// </param>
    public async Task<ApiResponse> IssueAsync(
        CreateCredentialRequest request, IdempotencyKey? key, string scope, string requestId, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? owned = null)
    {
        if (key is null)
            return (await issuer.IssueAsync(request, requestId, cancellationToken)).Response;

        try
        {
            return await ClaimAndRunAsync(request, key, scope, requestId, owned, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            // Nothing was sent to Seam: the key could not be claimed, so the request must not go ahead.
            IdempotencyLog.StoreFailed(logger, e.InnerException!.GetType().Name, requestId);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
    }

    private async Task<ApiResponse> ClaimAndRunAsync(
        CreateCredentialRequest request, IdempotencyKey key, string scope, string requestId, Func<string, CancellationToken, Task<bool>>? owned,
        CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Of(request);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var fresh = NewRecord(scope, key, fingerprint, now);
            if (await StoreCall.RunAsync(() => store.TryInsertAsync(fresh, cancellationToken)))
                return await RunAsync(fresh, key, reconcile: false, request, requestId, owned, cancellationToken);

            var existing = await StoreCall.RunAsync(() => store.GetAsync(scope, key.Hash, cancellationToken));
            if (existing is null)
                continue; // released between our insert and read: try again

            if (existing.ExpiresAt <= now)
            {
                fresh.ETag = existing.ETag;
                if (await StoreCall.RunAsync(() => store.TryReplaceAsync(fresh, cancellationToken)))
                    return await RunAsync(fresh, key, reconcile: false, request, requestId, owned, cancellationToken);
                continue;
            }

            if (!string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                IdempotencyLog.Outcome(logger, requestId, key.Source, "key reused with a different request");
                return Problems.IdempotencyKeyReused(requestId);
            }

            switch (existing.State)
            {
                case IdempotencyState.Done:
                    IdempotencyLog.Outcome(logger, requestId, key.Source, "replayed");
                    return ApiResponse.Restore(existing.Status!.Value, existing.ContentType!, existing.Body!, existing.RetryAfter).AsReplay();
                case IdempotencyState.InFlight when existing.LeaseUntil > now:
                    return InProgress(requestId, key, existing.LeaseUntil - now);
                case IdempotencyState.Unknown when existing.LastAttemptAt + options.Value.ReconcileAfter > now:
                    return InProgress(requestId, key, existing.LastAttemptAt + options.Value.ReconcileAfter - now);
            }

            // Unknown, or in flight past its lease (the attempt crashed): take the key over and reconcile.
            existing.State = IdempotencyState.InFlight;
            existing.LeaseUntil = now + options.Value.Lease;
            if (await StoreCall.RunAsync(() => store.TryReplaceAsync(existing, cancellationToken)))
                return await RunAsync(existing, key, reconcile: true, request, requestId, owned, cancellationToken);
        }

        return InProgress(requestId, key, TimeSpan.FromSeconds(1));
    }

    /// <summary>This request owns the key: reconcile if an earlier attempt may have acted, else create.</summary>
    private async Task<ApiResponse> RunAsync(
        IdempotencyRecord record, IdempotencyKey key, bool reconcile, CreateCredentialRequest request, string requestId,
        Func<string, CancellationToken, Task<bool>>? owned, CancellationToken cancellationToken)
    {
        try
        {
            if (reconcile)
            {
                var (found, seamRequestId, problem) = await reconciler.FindAsync(request, record.AttemptStartedAt, requestId, cancellationToken, owned);
                if (problem is not null)
                {
                    await SettleAsync(record, IdempotencyState.Unknown, null, requestId);
                    return problem;
                }

                if (found is not null)
                {
                    IdempotencyLog.Outcome(logger, requestId, key.Source, "adopted the credential an earlier attempt created");
                    var adopted = issuer.Created(found, request, requestId, seamRequestId);
                    await SettleAsync(record, IdempotencyState.Done, adopted, requestId);
                    return adopted;
                }
            }

            record.LastAttemptAt = time.GetUtcNow();
            var outcome = await issuer.IssueAsync(request, requestId, cancellationToken);
            switch (outcome.Effect)
            {
                case UpstreamEffect.Answered:
                    await SettleAsync(record, IdempotencyState.Done, outcome.Response, requestId);
                    break;
                case UpstreamEffect.Unknown:
                    await SettleAsync(record, IdempotencyState.Unknown, null, requestId);
                    break;
                default:
                    await SettleAsync(record, state: null, answer: null, requestId); // Seam did nothing: the key is free again
                    break;
            }

            return outcome.Response;
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
    private async Task SettleAsync(IdempotencyRecord record, IdempotencyState? state, ApiResponse? answer, string requestId)
    {
        try
        {
            // Not the caller's token: a caller who went away must not leave the record half-written.
            if (state is null)
            {
                await store.TryDeleteAsync(record, CancellationToken.None);
                return;
            }

            record.State = state.Value;
            record.Status = answer?.StatusCode;
            record.ContentType = answer?.ContentType;
            record.Body = answer?.Body;
            record.RetryAfter = answer?.RetryAfter;
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

    private ApiResponse InProgress(string requestId, IdempotencyKey key, TimeSpan wait)
    {
        IdempotencyLog.Outcome(logger, requestId, key.Source, "in progress");
        return Problems.IdempotencyInProgress(requestId, (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 3600));
    }
}
