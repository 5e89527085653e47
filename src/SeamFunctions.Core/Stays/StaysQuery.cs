using SeamFunctions.Answers;
using SeamFunctions.Intake;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Stays;

/// <summary>What <c>GET /api/stays</c> asks: a scope's stays overlapping <see cref="From"/>..<see cref="To"/>, one page after <see cref="After"/>.</summary>
internal sealed record StaysRequest(string Scope, DateTimeOffset From, DateTimeOffset To, int Limit, string? After, IReadOnlySet<string> Statuses);

/// <summary>
/// One page of a caller's stays, from the stored records only (never Seam): the stay index's rows by start — from
/// <see cref="Lookback"/> before the window (a stay that began earlier and is still on) to its end — each row's record
/// read by key, kept when its stay overlaps the window and it passes the filters. The continuation is the last row
/// looked at, so a page never repeats or skips a stay that kept its start, whatever changed meanwhile.
/// </summary>
internal sealed class StaysQuery(IStayIndex index, ICredentialRecordStore records, IQueuedCommandStore queued, WebhookSources sources)
{
    /// <summary>How far before the window a stay may have begun and still be listed (the window is at most this long too).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(31);

    public async Task<(IReadOnlyList<StayAnswer> Stays, string? Continuation)> PageAsync(StaysRequest request, CancellationToken cancellationToken)
    {
        var (stays, after) = (new List<StayAnswer>(), request.After);
        while (true)
        {
            var rows = await StoreCall.RunAsync(() => index.RangeAsync(request.Scope, request.From - Lookback, request.To, request.From, after, request.Limit, cancellationToken).ToListAsync(cancellationToken).AsTask());
            var items = await Task.WhenAll(rows.Select(row => ItemAsync(row, request, cancellationToken)));
            for (var i = 0; i < rows.Count; i++)
            {
                after = rows[i].RowKey;
                if (items[i] is { } item && StayItems.IsIn(item, request.Statuses))
                    stays.Add(item);
                if (stays.Count == request.Limit)
                    return (stays, after);
            }

            if (rows.Count < request.Limit)
                return (stays, null);
        }
    }

    /// <summary>The row's stay, or null: purged, moved to another start since the row was written, never held, or over before the window.</summary>
    private async Task<StayAnswer?> ItemAsync(StayRow row, StaysRequest request, CancellationToken cancellationToken)
    {
        var record = await StoreCall.RunAsync(() => records.GetAsync(row.Scope, row.Key, cancellationToken));
        if (record is not { Answer.Reference: { } reference } || record.StartsAt != row.StartsAt || record.Access.EndsAt < request.From)
            return null;
        var waiting = await StoreCall.RunAsync(() => queued.GetAsync(row.Scope, QueuedCommand.KeyPrefix + row.Key, cancellationToken));
        var source = row.Scope.StartsWith(WebhookSource.ScopePrefix, StringComparison.Ordinal) ? row.Scope[WebhookSource.ScopePrefix.Length..] : null;
        return StayItems.Of(record, reference, source, source is null ? null : sources.Find(source)?.LocalTimes.Zone?.Id, waiting);
    }
}
