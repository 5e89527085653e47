using Microsoft.Extensions.Logging;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;

namespace SeamFunctions.Storage;

/// <summary>
/// Removes expired records: idempotency records after their retention, lifecycle records after their credential's
/// end (or revoke) plus <c>Lifecycle__Retention</c>. A record of a credential that may be live never expires.
/// </summary>
internal sealed class RecordJanitor(IIdempotencyStore idempotency, ICredentialRecordStore credentials, TimeProvider time, ILogger<RecordJanitor> logger)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await idempotency.PurgeExpiredAsync(now, cancellationToken);
        IdempotencyLog.Purged(logger, keys, "idempotency", idempotency.Name);
        var references = await credentials.PurgeExpiredAsync(now, cancellationToken);
        IdempotencyLog.Purged(logger, references, "lifecycle", credentials.Name);
        return keys + references;
    }
}
