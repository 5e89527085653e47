using Azure;
using Azure.Data.Tables;

namespace SeamFunctions.Idempotency;

/// <summary>
/// Records in Azure Table Storage: partition = caller scope, row = SHA-256 of the key. Insert is atomic
/// (409 when the row exists), replace and delete are conditional on the ETag (412 when it changed).
/// </summary>
internal sealed class TableIdempotencyStore(TableClient table) : IIdempotencyStore
{
    private volatile bool _tableExists;

    public string Name => "azure-table";

    public async Task<IdempotencyRecord?> GetAsync(string scope, string keyHash, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(scope, keyHash, cancellationToken: cancellationToken);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    public async Task<bool> TryInsertAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(record), cancellationToken);
            record.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(record.Scope, record.KeyHash, new ETag(record.ETag!), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var purged = 0;
        var expired = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var entity in expired)
        {
            try
            {
                // If-Match: a key re-claimed since the query has a new ETag and is left alone.
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
                purged++;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
            }
        }

        return purged;
    }

    /// <summary>
    /// Creates the table on first use (Azurite, local runs). In Azure the template creates it and grants a role on
    /// that table only, which does not allow creating tables: a 403 here means "already provisioned".
    /// </summary>
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_tableExists)
            return;
        try
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
        }

        _tableExists = true;
    }

    private static TableEntity ToEntity(IdempotencyRecord record) => new(record.Scope, record.KeyHash)
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

    private static IdempotencyRecord FromEntity(TableEntity entity) => new()
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
        ETag = entity.ETag.ToString(),
    };
}
