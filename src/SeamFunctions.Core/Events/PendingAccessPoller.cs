using Microsoft.Extensions.Logging;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;

namespace SeamFunctions.Events;

/// <summary>
/// Events can be missed (a registration removed, an outage longer than Seam's day of retries): every
/// <c>Notify__PollInterval</c>, each code or credential still pending whose stay starts within 24 h is read again with
/// Seam's get, and a changed status is applied as if its event had arrived (stored, notified, a backup pulled).
/// </summary>
internal sealed partial class PendingAccessPoller(
    ICredentialRecordStore records, AccessKindSelector kinds, SeamEventApplier applier, TimeProvider time, ILogger<PendingAccessPoller> logger)
{
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(24);

    /// <summary>
    /// For a trigger that fires each minute (Flex Consumption runs only CRON timers): whether the minute of
    /// <paramref name="now"/> begins an <paramref name="interval"/> counted from midnight UTC (every minute below one).
    /// </summary>
    public static bool IsDue(DateTimeOffset now, TimeSpan interval)
    {
        var minutes = Math.Max(1, (long)interval.TotalMinutes);
        return (long)now.UtcDateTime.TimeOfDay.TotalMinutes % minutes == 0;
    }

    /// <summary>Reads the pending access again; returns how many changes it applied as events.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (read, changes) = (0, 0);
        try
        {
            await foreach (var record in records.PendingAsync(now + Horizon, cancellationToken))
            {
                read++;
                changes += await PollAsync(record, now, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, e.GetType().Name); // the records or Seam failing: the next poll tries again
        }

        Log.Polled(logger, read, changes);
        return changes;
    }

    private async Task<int> PollAsync(CredentialRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = record.Answer!.Credential;
        if (await kinds.For(record.Access).ReadAsync(held, cancellationToken) is not AccessResult.Held fresh)
            return 0; // gone or Seam failing: a GET by reference says so, the next poll looks again
        var changes = 0;
        foreach (var missed in Missed(held, fresh.Access, now))
        {
            var answer = await applier.ApplyAsync(missed, "poll-" + Guid.CreateVersion7().ToString("N"), cancellationToken);
            changes += answer is Outcome.SeamEvent { Answer.Ignored: false } ? 1 : 0;
        }

        return changes;
    }

    /// <summary>The events that would have told what Seam's get shows: a code set or failed, a credential issued.</summary>
    internal static IEnumerable<SeamEvent> Missed(AccessAnswer held, AccessAnswer fresh, DateTimeOffset now)
    {
        if (held is CredentialAnswer before && fresh is CredentialAnswer after)
        {
            if (after.IsIssued == true && before.IsIssued != true)
                yield return new SeamEvent(null, "acs_credential.issued", now, null, null, before.AcsCredentialId);
            yield break;
        }

        if (held is AccessGrantAnswer heldGrant && fresh is AccessGrantAnswer freshGrant)
        {
            foreach (var missed in MissedOfGrant(heldGrant, freshGrant, now))
                yield return missed;
            yield break;
        }

        if (held is not AccessCodesAnswer heldCodes || fresh is not AccessCodesAnswer freshCodes)
            yield break;
        foreach (var code in freshCodes.AccessCodes)
        {
            if (heldCodes.AccessCodes.FirstOrDefault(c => c.AccessCodeId == code.AccessCodeId) is not { } was)
                continue;
            if (code.Status == AccessCodeAnswer.Set && was.Status != AccessCodeAnswer.Set)
                yield return new SeamEvent(null, "access_code.set_on_device", now, code.AccessCodeId, code.DeviceId, null);
            else if (code.Errors.Count > 0 && was.Errors.Count == 0)
                yield return new SeamEvent(null, "access_code.failed_to_set_on_device", now, code.AccessCodeId, code.DeviceId, null);
        }
    }

    /// <summary>A grant's access methods Seam issued (or failed to) since the record last heard.</summary>
    private static IEnumerable<SeamEvent> MissedOfGrant(AccessGrantAnswer held, AccessGrantAnswer fresh, DateTimeOffset now)
    {
        foreach (var method in fresh.AccessMethods)
        {
            if (held.AccessMethods.FirstOrDefault(m => m.AccessMethodId == method.AccessMethodId) is not { } was)
                continue;
            if (method.IsIssued && !was.IsIssued)
                yield return new SeamEvent(null, "access_method.issued", now, null, null, null, AccessGrantId: held.AccessGrantId, AccessMethodId: method.AccessMethodId);
            else if (method.Errors.Count > 0 && was.Errors.Count == 0)
                yield return new SeamEvent(null, "access_method.failed_to_issue", now, null, null, null, AccessGrantId: held.AccessGrantId, AccessMethodId: method.AccessMethodId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8010, EventName = "PendingAccessPolled", Level = LogLevel.Information,
            Message = "Poll of pending access: {Records} read again at Seam, {Changes} changes applied")]
        public static partial void Polled(ILogger logger, int records, int changes);

        [LoggerMessage(EventId = 8011, EventName = "PendingAccessPollFailed", Level = LogLevel.Warning,
            Message = "Poll of pending access stopped early: {Failure}")]
        public static partial void Failed(ILogger logger, string failure);
    }
}
