using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace SeamFunctions.Events;

/// <summary>
/// Which reference's record holds an upstream id (an access code, an ACS credential): Seam's events name only
/// the id, and the record is found in one read. Beside the records (their table, a partition per id), or in memory.
/// </summary>
internal interface IUpstreamIndex
{
    /// <summary>Notes that the record (<paramref name="scope"/>, <paramref name="key"/>) holds <paramref name="upstreamId"/>.</summary>
    Task PutAsync(string upstreamId, string scope, string key, CancellationToken cancellationToken);

    /// <summary>The record that holds the id, or null when none does.</summary>
    Task<(string Scope, string Key)?> FindAsync(string upstreamId, CancellationToken cancellationToken);
}

internal sealed class MemoryUpstreamIndex : IUpstreamIndex
{
    private readonly ConcurrentDictionary<string, (string, string)> _holders = new(StringComparer.Ordinal);

    public Task PutAsync(string upstreamId, string scope, string key, CancellationToken cancellationToken)
    {
        _holders[upstreamId] = (scope, key);
        return Task.CompletedTask;
    }

    public Task<(string Scope, string Key)?> FindAsync(string upstreamId, CancellationToken cancellationToken) =>
        Task.FromResult(_holders.TryGetValue(upstreamId, out var holder) ? holder : ((string, string)?)null);
}

/// <summary>
/// In the lifecycle records' table: partition <c>upstream-&lt;id&gt;</c> (Seam's ids are UUIDs), one row with the
/// record's scope and key, purged with the record it was written for (its expiry then).
/// </summary>
internal sealed class TableUpstreamIndex(TableClient table) : IUpstreamIndex
{
    private volatile bool _tableExists;

    public async Task PutAsync(string upstreamId, string scope, string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition(upstreamId), "holder") { ["Scope"] = scope, ["Key"] = key }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Partition(string upstreamId) => "upstream-" + upstreamId;

    public async Task<(string Scope, string Key)?> FindAsync(string upstreamId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(upstreamId), "holder", cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("Scope"), row.Value.GetString("Key")) : null;
    }

    /// <summary>Created on first use (Azurite); in Azure the template made it and a 403 says so.</summary>
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
}
