using Microsoft.Extensions.Logging;
using SeamFunctions.Storage;

namespace SeamFunctions.Idempotency;

/// <summary>Idempotency records in memory: single instance only, forgotten on restart (said at start-up).</summary>
internal sealed class InMemoryIdempotencyStore : MemoryRecordStore<IdempotencyRecord>, IIdempotencyStore
{
    public InMemoryIdempotencyStore(ILogger<InMemoryIdempotencyStore> logger) => IdempotencyLog.InMemoryStore(logger);
}
