namespace SeamFunctions.Idempotency;

/// <summary>
/// Conditional storage of idempotency records: an insert that fails when the key exists, and replace/delete
/// that fail when the record changed since it was read. Never read-then-write without a condition.
/// </summary>
internal interface IIdempotencyStore
{
    string Name { get; }

    Task<IdempotencyRecord?> GetAsync(string scope, string keyHash, CancellationToken cancellationToken);

    /// <summary>Inserts; false when a record for the key exists. Sets <see cref="IdempotencyRecord.ETag"/>.</summary>
    Task<bool> TryInsertAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces if unchanged since read (ETag); false otherwise. Updates the ETag.</summary>
    Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes if unchanged since read (ETag).</summary>
    Task<bool> TryDeleteAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes records that expired before <paramref name="now"/> (each only if unchanged); returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
