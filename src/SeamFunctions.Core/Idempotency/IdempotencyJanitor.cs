using Microsoft.Extensions.Logging;

namespace SeamFunctions.Idempotency;

/// <summary>Removes expired idempotency records, so the table holds about one retention period of rows.</summary>
internal sealed class IdempotencyJanitor(IIdempotencyStore store, TimeProvider time, ILogger<IdempotencyJanitor> logger)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), cancellationToken);
        IdempotencyLog.Purged(logger, purged, store.Name);
        return purged;
    }
}
