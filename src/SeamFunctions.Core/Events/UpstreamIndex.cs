using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace SeamFunctions.Events;

/// <summary>
/// Which reference's record holds an upstream id (an access code, an ACS credential): Seam's events name only
/// the id, and the record is found in one read. Beside the records (their table, a partition per id), or in memory.
/// </summary>
internal interface IUpstreamIndex
{
    /// <summary>Notes that the record (<paramref name="scope"/>, <paramref name="key"/>) holds <paramref name="upstreamId"/>, until <paramref name="expiresAt"/>.</summary>
    Task PutAsync(string upstreamId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The record that holds the id, or null when none does.</summary>
    Task<(string Scope, string Key)?> FindAsync(string upstreamId, CancellationToken cancellationToken);
}

internal sealed class MemoryUpstreamIndex : IUpstreamIndex
{
    private readonly ConcurrentDictionary<string, (string, string)> _holders = new(StringComparer.Ordinal);

    public Task PutAsync(string upstreamId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
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
internal sealed class TableUpstreamIndex(TableClient client) : IUpstreamIndex
{
    private readonly Storage.ProvisionedTable _table = new(client);

    public async Task PutAsync(string upstreamId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = new TableEntity(Partition(upstreamId), "holder") { ["Scope"] = scope, ["Key"] = key, ["ExpiresAt"] = expiresAt }; // the daily purge takes it with its record
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Partition(string upstreamId) => "upstream-" + upstreamId;

    public async Task<(string Scope, string Key)?> FindAsync(string upstreamId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(upstreamId), "holder", cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("Scope"), row.Value.GetString("Key")) : null;
    }
}
