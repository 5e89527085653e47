using Microsoft.Extensions.Logging;

namespace SeamFunctions.Idempotency;

/// <summary>
/// Records in this process's memory: for the DevServer and single-instance use only. Two instances would
/// each have their own, and a restart forgets everything.
/// </summary>
internal sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), IdempotencyRecord> _records = [];

    public InMemoryIdempotencyStore(ILogger<InMemoryIdempotencyStore> logger) => IdempotencyLog.InMemoryStore(logger);

    public string Name => "memory";

    public Task<IdempotencyRecord?> GetAsync(string scope, string keyHash, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_records.TryGetValue((scope, keyHash), out var record) ? record.Copy() : null);
    }

    public Task<bool> TryInsertAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_records.ContainsKey((record.Scope, record.KeyHash)))
                return Task.FromResult(false);
            Store(record);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Matches(record))
                return Task.FromResult(false);
            Store(record);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryDeleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(Matches(record) && _records.Remove((record.Scope, record.KeyHash)));
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var expired = _records.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList();
            expired.ForEach(key => _records.Remove(key));
            return Task.FromResult(expired.Count);
        }
    }

    private bool Matches(IdempotencyRecord record) =>
        _records.TryGetValue((record.Scope, record.KeyHash), out var current) && current.ETag == record.ETag;

    private void Store(IdempotencyRecord record)
    {
        record.ETag = Guid.NewGuid().ToString("N");
        _records[(record.Scope, record.KeyHash)] = record.Copy();
    }
}
