using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

internal enum CredentialState
{
    /// <summary>Seam holds <see cref="CredentialRecord.AcsCredentialId"/>, made from <see cref="CredentialRecord.Request"/>.</summary>
    Active,

    /// <summary>Revoked by the caller: Seam holds nothing for this reference.</summary>
    Revoked,

    /// <summary>
    /// A create for <see cref="CredentialRecord.Request"/> has begun (generation <see cref="CredentialRecord.Generation"/>)
    /// and not ended for certain: Seam may hold its credential. A retry finishes it before anything else.
    /// </summary>
    Creating,

    /// <summary>The last create was refused by Seam: nothing is held, and nothing was ever revoked.</summary>
    Empty,
}

/// <summary>
/// Which credential belongs to one reference of one caller, and what Seam may hold for it. Changed only
/// conditionally (<see cref="ETag"/>); a write holds <see cref="LeaseUntil"/> while it talks to Seam.
/// </summary>
internal sealed class CredentialRecord : IStoredRecord<CredentialRecord>
{
    /// <summary>A lease that is not held (Table storage keeps dates from 1601 on).</summary>
    public static readonly DateTimeOffset Released = DateTimeOffset.UnixEpoch;

    /// <summary>"Never purged": the record of a credential that may be live.</summary>
    public static readonly DateTimeOffset Never = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="at"/> plus <paramref name="wait"/>, or <see cref="Never"/> when that is later (a stay ending near year 9999 never overflows).</summary>
    public static DateTimeOffset Saturated(DateTimeOffset at, TimeSpan wait) => at >= Never - wait ? Never : at + wait;

    public required string Scope { get; init; }

    /// <summary>SHA-256 of the reference.</summary>
    public required string Key { get; init; }

    public required CredentialState State { get; set; }

    /// <summary>Creates begun for this reference, less one: the idempotency key of the current create names it.</summary>
    public int Generation { get; set; }

    /// <summary>The credential Seam holds (Active), or held last.</summary>
    public string? AcsCredentialId { get; set; }

    /// <summary>A credential this record's last replace deleted, for the answer of a replace finished by a retry.</summary>
    public string? ReplacedAcsCredentialId { get; set; }

    /// <summary>The request in force (Active) or being created (Creating), as sent to Seam. Holds the PIN.</summary>
    public required byte[] Request { get; set; }

    /// <summary>Fingerprint of <see cref="Request"/> with the reference.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The last credential answer as sent (JSON), for answers that need no Seam call. Holds the PIN.</summary>
    public byte[]? Answer { get; set; }

    /// <summary>The last applied event version (integer, or Unix milliseconds of an RFC 3339 time).</summary>
    public long? Version { get; set; }

    public bool VersionIsTime { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? ETag { get; set; }

    public CredentialRecord Copy() => (CredentialRecord)MemberwiseClone();

    public override string ToString() => $"CredentialRecord({State}, {AcsCredentialId})";
}
