namespace SeamFunctions.Idempotency;

internal enum IdempotencyState
{
    /// <summary>An attempt holds the key until <see cref="IdempotencyRecord.LeaseUntil"/>.</summary>
    InFlight,

    /// <summary>The answer is final and replayed.</summary>
    Done,

    /// <summary>An attempt ended without knowing whether Seam created the credential: reconcile before creating.</summary>
    Unknown,
}

/// <summary>One (caller, key) pair's record. <see cref="ETag"/> makes every change conditional.</summary>
internal sealed class IdempotencyRecord : Storage.IStoredRecord<IdempotencyRecord>
{
    public required string Scope { get; init; }
    public required string KeyHash { get; init; }

    string Storage.IStoredRecord<IdempotencyRecord>.Key => KeyHash;
    public required string Fingerprint { get; init; }
    public required IdempotencyState State { get; set; }

    /// <summary>When the first attempt for this key began: reconciliation looks for credentials created after it.</summary>
    public required DateTimeOffset AttemptStartedAt { get; set; }

    /// <summary>When the latest attempt began: an ambiguous one is left alone for a while before reconciling.</summary>
    public required DateTimeOffset LastAttemptAt { get; set; }

    public required DateTimeOffset LeaseUntil { get; set; }
    public required DateTimeOffset ExpiresAt { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public string? RetryAfter { get; set; }
    public string? ETag { get; set; }

    /// <summary>How the attempt ended: its state and, when final, the answer to replay.</summary>
    public void Settle(IdempotencyState state, Answers.ApiResponse? answer)
    {
        State = state;
        Status = answer?.StatusCode;
        ContentType = answer?.ContentType;
        Body = answer?.Body;
        RetryAfter = answer?.RetryAfter;
    }

    public IdempotencyRecord Copy() => (IdempotencyRecord)MemberwiseClone();
}
