using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Storage;
using SeamFunctions.Upstream;

namespace SeamFunctions.Events;

/// <summary>
/// A reference's code changed or deleted outside Seam — in the lock's own app, at its keypad
/// (<c>access_code.modified_external_to_seam</c>, <c>access_code.deleted_external_to_seam</c>) — while the stay has
/// not ended. With <c>Locks__RestoreExternalChanges</c> (the default) the booking's PIN is put back under the record's
/// lease: updated back, or made again with its PIN, name and times (found first, should an earlier try have made it);
/// the caller hears <c>credential.restored</c>, or <c>credential.failed</c> with Seam's refusal. Off: the code is noted
/// as removed and the caller hears <c>credential.at_risk</c> (<c>code_removed</c>). A code the record no longer holds
/// (the adapter moved, swapped or revoked it; a resent event after the restore) changes nothing.
/// </summary>
internal sealed partial class ExternalChanges(
    ICredentialRecordStore records, RecordLeases leases, AccessCodeCalls calls, Notifier notifier, IOptions<LocksOptions> locks,
    IOptions<ReadinessOptions> readiness, TimeProvider time, ILogger<ExternalChanges> logger)
{
    private const string Deleted = "access_code.deleted_external_to_seam";
    private const string Modified = "access_code.modified_external_to_seam";

    public static bool Handles(string eventType) => eventType is Deleted or Modified;

    public async Task<Outcome> ApplyAsync((string Scope, string Key) holder, SeamEvent seamEvent, string id, string requestId, CancellationToken cancellationToken)
    {
        var record = await StoreCall.RunAsync(() => records.GetAsync(holder.Scope, holder.Key, cancellationToken));
        var now = time.GetUtcNow();
        if (record is not { State: CredentialState.Active, Answer.Credential: AccessCodesAnswer codes } || codes.AccessCodes.FirstOrDefault(c => c.AccessCodeId == id) is not { } code
            || record.Access.EndsAt <= now)
            return Handled(requestId, ignored: true);
        if (record.LeaseUntil > now)
            return ReferenceAnswers.InProgress(requestId, record.LeaseUntil - now);
        if (!await leases.ClaimAsync(record, cancellationToken))
            return ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
        return locks.Value.RestoreExternalChanges
            ? await RestoreAsync(record, codes, code, seamEvent, requestId, cancellationToken)
            : await AtRiskAsync(record, codes, code, seamEvent, requestId);
    }

    /// <summary>The booking's PIN back on the door; Seam down: released, the problem answered (Seam sends the event again).</summary>
    private async Task<Outcome> RestoreAsync(CredentialRecord record, AccessCodesAnswer codes, AccessCodeAnswer code, SeamEvent seamEvent, string requestId, CancellationToken cancellationToken)
    {
        var booking = ReferenceAccess.Pending(record, record.Answer!.Reference!);
        var result = await PutBackAsync(record, booking, code, seamEvent.EventType == Modified, cancellationToken);
        if (result is SeamCallResult.WithAccessCode fresh)
        {
            record.HoldsNow(AccessCodeShapes.WithCodes(codes, [.. codes.AccessCodes.Select(c => c.AccessCodeId == code.AccessCodeId ? AccessCodeShapes.ToAnswer(fresh.Code, codes.Code) : c)]));
            Log.Restored(logger, code.AccessCodeId, fresh.Code.AccessCodeId!, requestId);
            // Told before the record is stored: a queue that fails leaves the event to be sent again, and the restore finds what it made.
            await StoreCall.RunAsync(async () => { await notifier.NotifyAsync(record, NotificationTypes.Restored, fresh.Code.AccessCodeId!, seamEvent); return true; });
            await leases.ReleaseAsync(record, Handled(requestId), requestId);
            await leases.IndexAsync(record, requestId);
            return Handled(requestId);
        }

        var problem = Problems.FromUpstream(result, requestId, booking.Code, code.DeviceId);
        if (result is not SeamCallResult.Rejected)
            return await leases.ReleaseAsync(record, problem, requestId);
        Log.NotRestored(logger, code.AccessCodeId, problem.Code, requestId);
        var errors = new[] { new NoticeAnswer(problem.Code, problem.Problem.Detail) };
        await StoreCall.RunAsync(async () =>
        {
            await notifier.NotifyOutcomeAsync(record.Scope, booking.Reference!, NotificationTypes.Failed, AccessKinds.AccessCode, CredentialStatus.Failed, errors, record.Key + "#" + seamEvent.EventId);
            return true;
        });
        return await leases.ReleaseAsync(record, Handled(requestId), requestId);
    }

    /// <summary>Updated back (or, gone meanwhile, made again); deleted: found on the door or made again.</summary>
    private async Task<SeamCallResult> PutBackAsync(CredentialRecord record, AccessRequest booking, AccessCodeAnswer code, bool modified, CancellationToken cancellationToken)
    {
        var lease = leases.LeaseOf(record);
        if (modified && await calls.UpdateAsync(code.AccessCodeId, booking, ownPin: code.Code, lease, cancellationToken) is var updated and not SeamCallResult.Rejected { Status: 404 })
            return updated;
        var (found, failure) = await calls.FindOnDeviceAsync(booking, code.DeviceId, DateTimeOffset.MinValue, lease, cancellationToken);
        if (found is not null)
            return new SeamCallResult.WithAccessCode(found, null);
        return failure ?? await calls.CreateAsync(booking, code.DeviceId, lease, cancellationToken);
    }

    /// <summary>Not put back (the setting is off): the code is noted as removed and the stay told it is at risk.</summary>
    private async Task<Outcome> AtRiskAsync(CredentialRecord record, AccessCodesAnswer codes, AccessCodeAnswer code, SeamEvent seamEvent, string requestId)
    {
        var removed = new AccessCodeAnswer
        {
            AccessCodeId = code.AccessCodeId, DeviceId = code.DeviceId, Code = code.Code, Status = "unset", Warnings = code.Warnings,
            Errors = [.. code.Errors.Where(e => e.Code != "removed_from_device"), new NoticeAnswer("removed_from_device", "The code was changed or deleted at the lock, outside Seam.")],
            LastEvent = new LastEventAnswer(seamEvent.EventType, AnswerTimes.Of(seamEvent.OccurredAt)),
        };
        record.HoldsNow(AccessCodesAnswer.Of([.. codes.AccessCodes.Select(c => c.AccessCodeId == code.AccessCodeId ? removed : c)], codes.Code, codes.Name, codes.StartsAt, codes.EndsAt));
        record.Readiness = ReadinessReasons.Decide(record, readiness.Value.LowBattery, seamEvent.OccurredAt);
        await leases.ReleaseAsync(record, Handled(requestId), requestId);
        await StoreCall.RunAsync(async () => { await notifier.NotifyReadinessAsync(record, NotificationTypes.AtRisk, code.DeviceId, record.Readiness.Reasons, seamEvent); return true; });
        return Handled(requestId);
    }

    private static Outcome.SeamEvent Handled(string requestId, bool ignored = false) => new(new SeamEventAnswer { Ignored = ignored, RequestId = requestId });

    private static partial class Log
    {
        [LoggerMessage(EventId = 8006, EventName = "ExternalChangeRestored", Level = LogLevel.Warning,
            Message = "Access code {AccessCodeId} was changed or deleted at the lock; the booking's PIN is back as {RestoredAccessCodeId}, request {RequestId}")]
        public static partial void Restored(ILogger logger, string accessCodeId, string restoredAccessCodeId, string requestId);

        [LoggerMessage(EventId = 8007, EventName = "ExternalChangeNotRestored", Level = LogLevel.Error,
            Message = "Access code {AccessCodeId} was changed or deleted at the lock and Seam refused to put it back ({Problem}), request {RequestId}")]
        public static partial void NotRestored(ILogger logger, string accessCodeId, string problem, string requestId);
    }
}
