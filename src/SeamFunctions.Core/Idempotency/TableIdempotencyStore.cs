using Azure.Data.Tables;
using SeamFunctions.Storage;

namespace SeamFunctions.Idempotency;

/// <summary>Idempotency records in Azure Table Storage: partition = caller scope, row = SHA-256 of the key.</summary>
internal sealed class TableIdempotencyStore(TableClient table) : TableRecordStore<IdempotencyRecord>(table), IIdempotencyStore
{
    protected override TableEntity ToEntity(IdempotencyRecord record) => new(record.Scope, record.KeyHash)
    {
        ["Fingerprint"] = record.Fingerprint,
        ["State"] = record.State.ToString(),
        ["AttemptStartedAt"] = record.AttemptStartedAt,
        ["LastAttemptAt"] = record.LastAttemptAt,
        ["LeaseUntil"] = record.LeaseUntil,
        ["ExpiresAt"] = record.ExpiresAt,
        ["Status"] = record.Status,
        ["ContentType"] = record.ContentType,
        ["Body"] = record.Body,
        ["RetryAfter"] = record.RetryAfter,
    };

    protected override IdempotencyRecord FromEntity(TableEntity entity) => new()
    {
        Scope = entity.PartitionKey,
        KeyHash = entity.RowKey,
        Fingerprint = entity.GetString("Fingerprint"),
        State = Enum.Parse<IdempotencyState>(entity.GetString("State")),
        AttemptStartedAt = entity.GetDateTimeOffset("AttemptStartedAt") ?? DateTimeOffset.MinValue,
        LastAttemptAt = entity.GetDateTimeOffset("LastAttemptAt") ?? entity.GetDateTimeOffset("AttemptStartedAt") ?? DateTimeOffset.MinValue,
        LeaseUntil = entity.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        Status = entity.GetInt32("Status"),
        ContentType = entity.GetString("ContentType"),
        Body = entity.GetBinary("Body"),
        RetryAfter = entity.GetString("RetryAfter"),
    };
}
