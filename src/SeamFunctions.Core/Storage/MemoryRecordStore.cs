namespace SeamFunctions.Storage;

/// <summary>
/// Records in this process's memory: for the DevServer and single-instance use only. Two instances would each
/// have their own, and a restart forgets everything. Every read and write copies, as a table would.
/// </summary>
internal class MemoryRecordStore<TRecord> : IRecordStore<TRecord>
    where TRecord : class, IStoredRecord<TRecord>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), TRecord> _records = [];

    public string Name => "memory";

    public Task<TRecord?> GetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_records.TryGetValue((scope, key), out var record) ? record.Copy() : null);
    }

    public Task<bool> TryInsertAsync(TRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_records.ContainsKey((record.Scope, record.Key)))
                return Task.FromResult(false);
            Store(record);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReplaceAsync(TRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Matches(record))
                return Task.FromResult(false);
            Store(record);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryDeleteAsync(TRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(Matches(record) && _records.Remove((record.Scope, record.Key)));
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

    /// <summary>Whether any record of <paramref name="scope"/> satisfies <paramref name="predicate"/>.</summary>
    protected bool Any(string scope, Func<TRecord, bool> predicate)
    {
        lock (_lock)
            return _records.Any(r => r.Key.Item1 == scope && predicate(r.Value));
    }

    /// <summary>Copies of the records of every scope that satisfy <paramref name="predicate"/>.</summary>
    protected IReadOnlyList<TRecord> Where(Func<TRecord, bool> predicate)
    {
        lock (_lock)
            return [.. _records.Values.Where(predicate).Select(r => r.Copy())];
    }

    private bool Matches(TRecord record) =>
        _records.TryGetValue((record.Scope, record.Key), out var current) && current.ETag == record.ETag;

    private void Store(TRecord record)
    {
        record.ETag = Guid.NewGuid().ToString("N");
        _records[(record.Scope, record.Key)] = record.Copy();
    }
}
