using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;

namespace SeamFunctions.Webhooks;

/// <summary>
/// The deliveries a source has had applied, by what the signature covers: the signed delivery id (Standard
/// Webhooks) or, for schemes that sign only the body, the SHA-256 of its exact bytes. A delivery seen before
/// replays its first answer and changes nothing, whatever happened since: a resent booking never brings back a
/// PIN that a later cancellation revoked. A new delivery (other bytes) is applied as usual.
/// </summary>
/// <remarks>
/// Only answers that applied something (2xx) are kept, so a delivery that failed (Seam down, a lease held, a unit
/// not yet listed) is applied when the sender retries it. Entries live as long as lifecycle records
/// (<c>Lifecycle__Retention</c>) in the idempotency table, under the source's scope.
/// </remarks>
internal sealed class DeliveryLedger(IIdempotencyStore store, IOptions<LifecycleOptions> lifecycle, TimeProvider time, ILogger<DeliveryLedger> logger)
{
    private const string Fingerprint = "delivery";

    /// <summary>The ledger's key of a delivery: from its signed id, else from its raw bytes.</summary>
    public static string KeyOf(string? signedId, ReadOnlySequence<byte> rawBody)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!string.IsNullOrEmpty(signedId))
        {
            hash.AppendData("delivery-id\n"u8);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(signedId));
        }
        else
        {
            hash.AppendData("delivery-bytes\n"u8);
            foreach (var segment in rawBody)
                hash.AppendData(segment.Span);
        }

        return "delivery-" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The delivery applied at most once: its first answer replayed when it was applied before, else
    /// <paramref name="apply"/>'s answer, kept when it applied something. A store that cannot be read is
    /// <c>503 idempotency_store_unavailable</c> (nothing applied; the sender retries).
    /// </summary>
    public async Task<Outcome> AppliedOnceAsync(string scope, string key, string requestId, Func<Task<Outcome>> apply, CancellationToken cancellationToken)
    {
        try
        {
            if (await ReplayAsync(scope, key, requestId, cancellationToken) is { } replay)
                return replay;
            var answer = await apply();
            await RecordAsync(scope, key, answer, requestId);
            return answer;
        }
        catch (StoreUnavailableException e)
        {
            IdempotencyLog.StoreFailed(logger, e.InnerException!.GetType().Name, requestId);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }
    }

    /// <summary>The first answer to this delivery, replayed; null when it was never applied. A store failure throws <see cref="StoreUnavailableException"/>.</summary>
    private async Task<Outcome.Stored?> ReplayAsync(string scope, string key, string requestId, CancellationToken cancellationToken)
    {
        var entry = await StoreCall.RunAsync(() => store.GetAsync(scope, key, cancellationToken));
        if (entry is not { State: IdempotencyState.Done, Fingerprint: Fingerprint })
            return null;
        IdempotencyLog.Outcome(logger, requestId, "delivery", "replayed: this delivery was applied before");
        return new Outcome.Stored(ApiResponse.Restore(entry.Status!.Value, entry.ContentType!, entry.Body!, entry.RetryAfter).AsReplay());
    }

    /// <summary>Keeps an answer that applied something (a 2xx), rendered to replay byte for byte. Best effort: the change is made, a store failure is only logged.</summary>
    private async Task RecordAsync(string scope, string key, Outcome outcome, string requestId)
    {
        var answer = Inbound.OutcomeRendering.Render(outcome);
        if (answer.StatusCode is < 200 or > 299)
            return;
        var now = time.GetUtcNow();
        var entry = new IdempotencyRecord
        {
            Scope = scope, KeyHash = key, Fingerprint = Fingerprint, State = IdempotencyState.Done,
            AttemptStartedAt = now, LastAttemptAt = now, LeaseUntil = CredentialRecord.Released,
            ExpiresAt = CredentialRecord.Saturated(now, lifecycle.Value.Retention),
            Status = answer.StatusCode, ContentType = answer.ContentType, Body = answer.Body,
        };
        try
        {
            await store.TryInsertAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            IdempotencyLog.StoreFailed(logger, e.GetType().Name, requestId);
        }
    }
}
