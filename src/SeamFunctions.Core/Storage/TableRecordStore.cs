using Azure;
using Azure.Data.Tables;

namespace SeamFunctions.Storage;

/// <summary>
/// Records in Azure Table Storage: partition = scope, row = key. Insert is atomic (409 when the row exists),
/// replace and delete are conditional on the ETag (412 when it changed).
/// </summary>
internal abstract class TableRecordStore<TRecord>(TableClient client) : IRecordStore<TRecord>
    where TRecord : class, IStoredRecord<TRecord>
{
    private readonly ProvisionedTable _table = new(client);

    public string Name => "azure-table";

    protected abstract TableEntity ToEntity(TRecord record);

    protected abstract TRecord FromEntity(TableEntity entity);

    public async Task<TRecord?> GetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(scope, key, cancellationToken: cancellationToken);
        if (!entity.HasValue)
            return null;
        var record = FromEntity(entity.Value!);
        record.ETag = entity.Value!.ETag.ToString();
        return record;
    }

    public async Task<bool> TryInsertAsync(TRecord record, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
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

    public async Task<bool> TryReplaceAsync(TRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.Client.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(TRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _table.Client.DeleteEntityAsync(record.Scope, record.Key, new ETag(record.ETag!), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Whether a row of <paramref name="scope"/> matches <paramref name="filter"/> (an OData filter on its properties).</summary>
    protected async Task<bool> AnyAsync(string scope, string filter, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = table.QueryAsync<TableEntity>($"{TableClient.CreateQueryFilter($"PartitionKey eq {scope}")} and ({filter})",
            maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken);
        await foreach (var _ in rows)
            return true;
        return false;
    }

    /// <summary>The records of every partition that match <paramref name="filter"/>, with their ETags.</summary>
    protected async IAsyncEnumerable<TRecord> QueryAsync(string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var record = FromEntity(entity);
            record.ETag = entity.ETag.ToString();
            yield return record;
        }
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var purged = 0;
        var expired = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var entity in expired)
        {
            try
            {
                // If-Match: a record changed since the query has a new ETag and is left alone.
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
                purged++;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
            }
        }

        return purged;
    }
}
