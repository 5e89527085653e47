using Azure;
using Azure.Data.Tables;
using SeamFunctions.Storage;

namespace SeamFunctions.Intake;

/// <summary>Queued commands: beside the lifecycle records (their table), or in memory.</summary>
internal interface IQueuedCommandStore : IRecordStore<QueuedCommand>
{
    /// <summary>Every scope's commands still queued whose next run was due before <paramref name="dueBefore"/>.</summary>
    IAsyncEnumerable<QueuedCommand> OverdueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken);
}

internal sealed class MemoryQueuedCommandStore : MemoryRecordStore<QueuedCommand>, IQueuedCommandStore
{
    public IAsyncEnumerable<QueuedCommand> OverdueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken) =>
        Where(row => row.State == QueuedState.Queued && row.NextAttemptAt < dueBefore).ToAsyncEnumerable();
}

/// <summary>In the lifecycle records' table: partition = caller scope, row = <c>queued-</c> + SHA-256 of the reference.</summary>
internal sealed class TableQueuedCommandStore(TableClient table) : TableRecordStore<QueuedCommand>(table), IQueuedCommandStore
{
    /// <summary>Across partitions, on the <c>QueuedState</c> and <c>NextAttemptAt</c> columns (the records beside them have neither).</summary>
    public IAsyncEnumerable<QueuedCommand> OverdueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"QueuedState eq {nameof(QueuedState.Queued)} and NextAttemptAt lt {dueBefore}"), cancellationToken);

    protected override TableEntity ToEntity(QueuedCommand record) => new(record.Scope, record.Key)
    {
        ["Reference"] = record.Reference,
        ["Sequence"] = record.Sequence,
        ["QueuedState"] = record.State.ToString(),
        ["Command"] = QueuedCommandBody.Serialize(record.Command),
        ["QueuedAt"] = record.QueuedAt,
        ["Attempts"] = record.Attempts,
        ["NextAttemptAt"] = record.NextAttemptAt,
        ["LastError"] = record.LastError,
        ["Deadline"] = record.Deadline,
        ["FinalStatus"] = record.FinalStatus,
        ["FinalContentType"] = record.FinalContentType,
        ["FinalBody"] = record.FinalBody,
        ["ExpiresAt"] = record.ExpiresAt,
    };

    protected override QueuedCommand FromEntity(TableEntity entity) => new()
    {
        Scope = entity.PartitionKey,
        Key = entity.RowKey,
        Reference = entity.GetString("Reference") ?? "",
        Sequence = entity.GetInt64("Sequence") ?? 0,
        State = Enum.Parse<QueuedState>(entity.GetString("QueuedState") ?? nameof(QueuedState.Queued)),
        Command = QueuedCommandBody.Deserialize(entity.GetBinary("Command"), entity.PartitionKey, entity.GetString("Reference") ?? ""),
        QueuedAt = entity.GetDateTimeOffset("QueuedAt") ?? DateTimeOffset.MinValue,
        Attempts = entity.GetInt32("Attempts") ?? 0,
        NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue,
        LastError = entity.GetString("LastError"),
        Deadline = entity.GetDateTimeOffset("Deadline") ?? DateTimeOffset.MinValue,
        FinalStatus = entity.GetInt32("FinalStatus"),
        FinalContentType = entity.GetString("FinalContentType"),
        FinalBody = entity.GetBinary("FinalBody"),
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue,
    };
}

/// <summary>
/// Seam said "wait" (a 429 with <c>Retry-After</c>): until then no instance calls Seam for a queued command, and
/// signed deliveries are queued at once. One Seam API key is one workspace: one row (or a field) for all.
/// </summary>
internal interface ISeamBackoff
{
    Task<DateTimeOffset?> UntilAsync(CancellationToken cancellationToken);

    /// <summary>No call before <paramref name="until"/> (a later hold wins; an earlier one changes nothing).</summary>
    Task HoldAsync(DateTimeOffset until, CancellationToken cancellationToken);
}

internal sealed class MemorySeamBackoff : ISeamBackoff
{
    private long _until;

    public Task<DateTimeOffset?> UntilAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Read(ref _until) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null);

    public Task HoldAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _until);
            if (seen >= until.UtcTicks)
                return Task.CompletedTask;
        }
        while (Interlocked.CompareExchange(ref _until, until.UtcTicks, seen) != seen);
        return Task.CompletedTask;
    }
}

/// <summary>In the lifecycle records' table: partition <c>seam-backoff</c>, row <c>workspace</c>, shared by every instance.</summary>
internal sealed class TableSeamBackoff(TableClient client) : ISeamBackoff
{
    private const string Partition = "seam-backoff";
    private const string Row = "workspace";
    private readonly ProvisionedTable _table = new(client);

    public async Task<DateTimeOffset?> UntilAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("Until") : null;
    }

    public async Task HoldAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var current = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (current.HasValue && current.Value!.GetDateTimeOffset("Until") >= until)
            return;
        var row = new TableEntity(Partition, Row) { ["Until"] = until, ["ExpiresAt"] = until.AddDays(1) };
        try
        {
            if (current.HasValue)
                await table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            else
                await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // another instance held it a moment ago: its hold stands (both came from Seam's same answer)
        }
    }
}
