using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace SeamFunctions.Stays;

/// <summary>One row of the stay index: a record of <see cref="Scope"/>, filed under the start it had when written.</summary>
internal sealed record StayRow(string Scope, string Key, DateTimeOffset StartsAt, string RowKey);

/// <summary>A stay as filed: when it starts and ends (<see cref="Lifecycle.CredentialRecord.Never"/> for no end), and when the row may go.</summary>
internal sealed record StayTimes(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ExpiresAt);

/// <summary>
/// The caller's stays by start time, so a list reads a range of rows and not every record. Written wherever a record's
/// upstream ids are indexed (create, move, a change of doors); a row for a start the stay no longer has (it moved)
/// stays behind harmlessly — the reader skips a row whose record starts elsewhere now — and is purged with its record.
/// </summary>
internal interface IStayIndex
{
    Task PutAsync(string scope, string key, StayTimes times, CancellationToken cancellationToken);

    /// <summary>
    /// The scope's rows whose start is in <paramref name="startsFrom"/>..<paramref name="to"/> and whose stay ends at or
    /// after <paramref name="endsFrom"/>, in start order, after the row key <paramref name="after"/> (a page's
    /// continuation), at most <paramref name="take"/>.
    /// </summary>
    IAsyncEnumerable<StayRow> RangeAsync(string scope, DateTimeOffset startsFrom, DateTimeOffset to, DateTimeOffset endsFrom, string? after, int take, CancellationToken cancellationToken);
}

/// <summary>Row keys: the start's ticks (19 digits, so they sort as times) and the record's key.</summary>
internal static class StayRowKeys
{
    public static string Of(DateTimeOffset startsAt, string key) => Ticks(startsAt) + "-" + key;

    /// <summary>The lowest row key at <paramref name="at"/>, and one above every row key at <paramref name="at"/>.</summary>
    public static (string Low, string High) Around(DateTimeOffset at) => (Ticks(at) + "-", Ticks(at) + "~");

    public static DateTimeOffset StartOf(string rowKey) => new(long.Parse(rowKey.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>Whether <paramref name="rowKey"/> could be one (a continuation is checked before it reaches a query).</summary>
    public static bool IsWellFormed(string rowKey) =>
        rowKey.Length == 19 + 1 + 64 && rowKey[19] == '-' && !rowKey.AsSpan(0, 19).ContainsAnyExcept(Digits) && !rowKey.AsSpan(20).ContainsAnyExcept(Hex);

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

internal sealed class MemoryStayIndex : IStayIndex
{
    private readonly ConcurrentDictionary<string, SortedDictionary<string, (string Key, DateTimeOffset EndsAt)>> _rows = new(StringComparer.Ordinal);

    public Task PutAsync(string scope, string key, StayTimes times, CancellationToken cancellationToken)
    {
        var rows = _rows.GetOrAdd(scope, _ => new(StringComparer.Ordinal));
        lock (rows)
            rows[StayRowKeys.Of(times.StartsAt, key)] = (key, times.EndsAt);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<StayRow> RangeAsync(string scope, DateTimeOffset startsFrom, DateTimeOffset to, DateTimeOffset endsFrom, string? after, int take, CancellationToken cancellationToken)
    {
        if (!_rows.TryGetValue(scope, out var rows))
            return AsyncEnumerable.Empty<StayRow>();
        var (low, high) = (StayRowKeys.Around(startsFrom).Low, StayRowKeys.Around(to).High);
        lock (rows)
        {
            return rows.Where(r => string.CompareOrdinal(r.Key, low) >= 0 && string.CompareOrdinal(r.Key, high) < 0 && (after is null || string.CompareOrdinal(r.Key, after) > 0))
                .Where(r => r.Value.EndsAt >= endsFrom)
                .Take(take).Select(r => new StayRow(scope, r.Value.Key, StayRowKeys.StartOf(r.Key), r.Key)).ToList().ToAsyncEnumerable();
        }
    }
}

/// <summary>In the lifecycle records' table: partition <c>stays-&lt;scope&gt;</c>, a row per record and start, with the record's expiry.</summary>
internal sealed class TableStayIndex(TableClient client) : IStayIndex
{
    private readonly Storage.ProvisionedTable _table = new(client);

    public async Task PutAsync(string scope, string key, StayTimes times, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = new TableEntity(Partition(scope), StayRowKeys.Of(times.StartsAt, key)) { ["Key"] = key, ["EndsAt"] = times.EndsAt, ["ExpiresAt"] = times.ExpiresAt };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>One partition, a row-key range, the end filtered by the service: only the stays on in the window come back.</summary>
    public async IAsyncEnumerable<StayRow> RangeAsync(
        string scope, DateTimeOffset startsFrom, DateTimeOffset to, DateTimeOffset endsFrom, string? after, int take, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var low = after is not null && string.CompareOrdinal(after, StayRowKeys.Around(startsFrom).Low) >= 0 ? after : StayRowKeys.Around(startsFrom).Low;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(scope)} and RowKey gt {low} and RowKey lt {StayRowKeys.Around(to).High} and EndsAt ge {endsFrom}");
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take, select: ["RowKey", "Key"], cancellationToken: cancellationToken))
        {
            yield return new StayRow(scope, row.GetString("Key"), StayRowKeys.StartOf(row.RowKey), row.RowKey);
            if (++count == take)
                yield break;
        }
    }

    private static string Partition(string scope) => "stays-" + scope;
}
