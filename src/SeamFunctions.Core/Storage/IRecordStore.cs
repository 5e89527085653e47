namespace SeamFunctions.Storage;

/// <summary>
/// Conditional storage: an insert that fails when the key exists, and replace/delete that fail when the record
/// changed since it was read. Never read-then-write without a condition.
/// </summary>
internal interface IRecordStore<TRecord>
    where TRecord : class, IStoredRecord<TRecord>
{
    string Name { get; }

    Task<TRecord?> GetAsync(string scope, string key, CancellationToken cancellationToken);

    /// <summary>Inserts; false when a record for the key exists. Sets the ETag.</summary>
    Task<bool> TryInsertAsync(TRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces if unchanged since read (ETag); false otherwise. Updates the ETag.</summary>
    Task<bool> TryReplaceAsync(TRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes if unchanged since read (ETag).</summary>
    Task<bool> TryDeleteAsync(TRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes records that expired before <paramref name="now"/> (each only if unchanged); returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
