namespace SeamFunctions.Storage;

/// <summary>A row that is only ever changed conditionally: on its <see cref="ETag"/>, or by an insert that fails when it exists.</summary>
internal interface IStoredRecord<out TSelf>
{
    /// <summary>Whose record this is (the caller's scope): the table's partition.</summary>
    string Scope { get; }

    /// <summary>The record's key within the scope (a SHA-256, never a caller's raw value): the table's row.</summary>
    string Key { get; }

    /// <summary>After this the record may be purged.</summary>
    DateTimeOffset ExpiresAt { get; }

    string? ETag { get; set; }

    TSelf Copy();
}
