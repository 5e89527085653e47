namespace SeamFunctions.Idempotency;

/// <summary>Exactly-once settings, section <c>Idempotency</c>.</summary>
internal sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a finished answer is replayed for its key. Expired records neither replay nor block.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an in-flight attempt holds its key; after that a crashed attempt no longer blocks it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After an ambiguous failure, how long to wait before reconciling (Seam may still be working on it).</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far Seam's clock may be behind ours when matching <c>created_at</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The Azure Table that holds the records.</summary>
    public string TableName { get; set; } = "SeamIdempotency";
}
