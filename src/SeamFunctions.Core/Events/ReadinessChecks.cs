using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Storage;

namespace SeamFunctions.Events;

/// <summary>
/// The readiness checks (<c>Readiness__Checks</c>, by default a day and two hours before each stay's start): each
/// reads the stay's codes and locks at Seam (<see cref="ReadinessReads"/>) and decides whether the guest will get in.
/// Not ready: <c>credential.at_risk</c> with the reasons. Ready: <c>credential.ready</c> at the last check, or at an
/// earlier one when the stay was at risk before. One notification per reference per check. A check missed while the
/// app was down runs late, once, as the latest check due (a day's and two hours' checks both missed: one check).
/// A stay that has ended or whose guest has arrived is not checked. Status changes the reads reveal are applied as
/// the events Seam would have sent (<see cref="PendingAccessPoller.Missed"/>) first.
/// </summary>
internal sealed partial class ReadinessChecks(
    ICredentialRecordStore records, ReadinessReads reads, SeamEventApplier applier, Notifier notifier,
    IOptions<ReadinessOptions> options, TimeProvider time, ILogger<ReadinessChecks> logger)
{
    private const int MaxRounds = 3;
    private static readonly TimeSpan NativeScheduling = TimeSpan.FromHours(72);

    /// <summary>Runs every check due now (the minute tick runs one at a time); returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var (due, ran) = (0, 0);
        try
        {
            var keys = await records.ChecksDueAsync(time.GetUtcNow(), cancellationToken).Select(r => (r.Scope, r.Key)).ToListAsync(cancellationToken);
            foreach (var (scope, key) in keys)
            {
                due++;
                ran += await CheckAsync(scope, key, cancellationToken) ? 1 : 0;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, e.GetType().Name); // the records failing: the next tick runs what is still due
        }

        if (due > 0)
            Log.Ran(logger, due, ran); // not every quiet minute: Application Insights bills each line
        return ran;
    }

    /// <summary>One record's due check, stored with its outcome; false when it is not due (any more), held by a write, or Seam failed.</summary>
    private async Task<bool> CheckAsync(string scope, string key, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var record = await StoreCall.RunAsync(() => records.GetAsync(scope, key, cancellationToken));
            var now = time.GetUtcNow();
            if (record is null || record.NextCheckAt is not { } at || at > now || record.LeaseUntil > now)
                return false; // checked meanwhile, moved, revoked, or a write holds it: the next tick looks again
            var ran = StillAhead(record, now);
            if (!ran)
                record.NextCheck = null; // over, or the guest is in: nothing left to check
            else if (await reads.ReadAsync(record, now, cancellationToken) is not { } read)
                return LoggedSeamFailure(record);
            else if (await AppliedMissedAsync(record, read, now, cancellationToken))
                continue; // the record changed: read it again
            else
                await DecideAsync(record, read, Due(record, now), now);
            if (await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
                return ran;
        }

        return false;
    }

    /// <summary>The readiness the reads show, the next check planned, and the caller told (before storing: a failed store runs the check again, under the same id).</summary>
    private async Task DecideAsync(CredentialRecord record, ReadinessRead read, TimeSpan check, DateTimeOffset now)
    {
        var before = record.Readiness;
        var readiness = ReadinessReasons.AtCheck(read.Fresh, read.Doors, options.Value.LowBattery, check > NativeScheduling, now);
        (record.Doors, record.Readiness, record.NextCheck) = (record.Doors.With(read.Doors), readiness, After(check));
        var type = !readiness.Ready ? NotificationTypes.AtRisk
            : record.NextCheck is null || before is { Ready: false } ? NotificationTypes.Ready
            : null;
        if (type is not null)
            await StoreCall.RunAsync(async () => { await notifier.NotifyCheckAsync(record, type, readiness.Reasons, check, now); return true; });
        Log.Checked(logger, check, readiness.Ready, readiness.Reasons.Count);
    }

    /// <summary>Codes the reads found set (or failed) since the record last heard: applied as Seam's events would have been.</summary>
    private async Task<bool> AppliedMissedAsync(CredentialRecord record, ReadinessRead read, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applied = false;
        foreach (var missed in PendingAccessPoller.Missed(record.Answer!.Credential, read.Fresh, now))
        {
            var outcome = await applier.ApplyAsync(missed, "check-" + Guid.CreateVersion7().ToString("N"), cancellationToken);
            applied |= outcome is Outcome.SeamEvent { Answer.Ignored: false };
        }

        return applied;
    }

    /// <summary>The latest check due now: when the app was down through several, only the last of them runs.</summary>
    private TimeSpan Due(CredentialRecord record, DateTimeOffset now) =>
        options.Value.Before().Where(before => before <= record.NextCheck && record.ChecksFor - before <= now).DefaultIfEmpty(record.NextCheck!.Value).Min();

    /// <summary>The check after <paramref name="check"/>, if any is left.</summary>
    private TimeSpan? After(TimeSpan check) => options.Value.Before().Where(before => before < check).Cast<TimeSpan?>().FirstOrDefault();

    private static bool StillAhead(CredentialRecord record, DateTimeOffset now) =>
        record.FirstUsedAt is null && (record.Access.EndsAt is not { } end || end > now);

    private bool LoggedSeamFailure(CredentialRecord record)
    {
        Log.SeamFailed(logger, record.NextCheck!.Value);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8012, EventName = "ReadinessChecksRan", Level = LogLevel.Information,
            Message = "Readiness checks: {Due} due, {Ran} ran")]
        public static partial void Ran(ILogger logger, int due, int ran);

        [LoggerMessage(EventId = 8013, EventName = "ReadinessChecked", Level = LogLevel.Information,
            Message = "Readiness check {Check} before arrival: ready {Ready}, {Reasons} reasons")]
        public static partial void Checked(ILogger logger, TimeSpan check, bool ready, int reasons);

        [LoggerMessage(EventId = 8014, EventName = "ReadinessCheckSeamFailed", Level = LogLevel.Warning,
            Message = "Readiness check {Check} before arrival could not read Seam; the next tick runs it")]
        public static partial void SeamFailed(ILogger logger, TimeSpan check);

        [LoggerMessage(EventId = 8015, EventName = "ReadinessChecksFailed", Level = LogLevel.Warning,
            Message = "Readiness checks stopped early: {Failure}")]
        public static partial void Failed(ILogger logger, string failure);
    }
}
