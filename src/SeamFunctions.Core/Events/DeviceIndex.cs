using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace SeamFunctions.Events;

/// <summary>
/// Which references hold a code on a lock: Seam's device events name only the device, and every stay on it must hear
/// of them. Written wherever a record's codes are indexed (create, move, a change of doors, a backup swap); a row
/// outlives a revoke harmlessly (the reader skips records that hold nothing there now) and is purged with its record.
/// </summary>
internal interface IDeviceIndex
{
    Task PutAsync(string deviceId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Every record that held a code on <paramref name="deviceId"/> and is not purged yet.</summary>
    IAsyncEnumerable<(string Scope, string Key)> FindAsync(string deviceId, CancellationToken cancellationToken);
}

internal sealed class MemoryDeviceIndex : IDeviceIndex
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string, string), byte>> _holders = new(StringComparer.OrdinalIgnoreCase);

    public Task PutAsync(string deviceId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _holders.GetOrAdd(deviceId, _ => new())[(scope, key)] = 0;
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<(string Scope, string Key)> FindAsync(string deviceId, CancellationToken cancellationToken) =>
        (_holders.TryGetValue(deviceId, out var holders) ? holders.Keys.ToList() : []).ToAsyncEnumerable();
}

/// <summary>In the lifecycle records' table: partition <c>device-&lt;id&gt;</c>, a row per record (its scope and key), with the record's expiry.</summary>
internal sealed class TableDeviceIndex(TableClient client) : IDeviceIndex
{
    private readonly Storage.ProvisionedTable _table = new(client);

    public async Task PutAsync(string deviceId, string scope, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = new TableEntity(Partition(deviceId), RowOf(scope, key)) { ["Scope"] = scope, ["Key"] = key, ["ExpiresAt"] = expiresAt };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<(string Scope, string Key)> FindAsync(string deviceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(deviceId)}"), cancellationToken: cancellationToken))
            yield return (row.GetString("Scope"), row.GetString("Key"));
    }

    private static string Partition(string deviceId) => "device-" + deviceId.ToLowerInvariant();

    /// <summary>A row key from scope and key alike (a scope may hold characters a row key may not).</summary>
    private static string RowOf(string scope, string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));
}
