using Microsoft.Extensions.Logging;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Notifications;
using SeamFunctions.Storage;

namespace SeamFunctions.Events;

/// <summary>
/// Applies one of Seam's events to the record that holds its id (found in one read through <see cref="IUpstreamIndex"/>),
/// conditionally on the record's ETag, then queues the caller's notification of it. A record a write holds is left
/// alone (<c>409</c>, Seam retries); an id no record holds, a type that changes nothing, or an event older than the
/// last applied is ignored. A code that failed to set is replaced by a backup code when Seam has one.
/// </summary>
internal sealed partial class SeamEventApplier(
    IUpstreamIndex index, ICredentialRecordStore records, RecordLeases leases, BackupCodes backups, Notifier notifier, SeamWorkspace workspace, DeviceEvents devices, ExternalChanges outside,
    TimeProvider time, ILogger<SeamEventApplier> logger)
{
    private const int MaxRounds = 3;

    public async Task<Outcome> ApplyAsync(SeamEvent seamEvent, string requestId, CancellationToken cancellationToken)
    {
        if (DeviceEvents.Handles(seamEvent.EventType))
            return await OtherWorkspaceAsync(seamEvent, requestId, cancellationToken) ?? await devices.ApplyAsync(seamEvent, requestId, cancellationToken);
        var unlocked = seamEvent.EventType == EventEffects.Unlocked;
        var external = ExternalChanges.Handles(seamEvent.EventType);
        if (!(unlocked || external || EventEffects.Known.Contains(seamEvent.EventType)) || seamEvent.UpstreamId is not { } id
            || await StoreCall.RunAsync(() => index.FindAsync(id, cancellationToken)) is not { } holder)
            return Ignored(seamEvent, requestId);
        if (await OtherWorkspaceAsync(seamEvent, requestId, cancellationToken) is { } notOurs)
            return notOurs;
        return unlocked ? await UnlockedAsync(holder, seamEvent, id, requestId, cancellationToken)
            : external ? await outside.ApplyAsync(holder, seamEvent, id, requestId, cancellationToken)
            : await ChangedAsync(holder, seamEvent, id, requestId, cancellationToken);
    }

    /// <summary>An event about a code's or credential's state, applied to the record that holds it.</summary>
    private async Task<Outcome> ChangedAsync((string Scope, string Key) holder, SeamEvent seamEvent, string id, string requestId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var record = await StoreCall.RunAsync(() => records.GetAsync(holder.Scope, holder.Key, cancellationToken));
            var now = time.GetUtcNow();
            if (record?.Answer is null)
                return Ignored(seamEvent, requestId);
            if (record.LeaseUntil > now)
                return ReferenceAnswers.InProgress(requestId, record.LeaseUntil - now);
            var nothingHeld = record.State is CredentialState.Revoked or CredentialState.Empty;
            if (nothingHeld && !EventEffects.ConfirmsRemoval(seamEvent.EventType))
                return Ignored(seamEvent, requestId); // revoked: nothing to change, nobody to tell
            if (EventEffects.Apply(record.Answer.Credential, seamEvent, nothingHeld) is not { } changed)
            {
                // Seam sends an event again when its first answer was not a 2xx: its notification may not have been queued.
                return EventEffects.IsLastApplied(record.Answer.Credential, seamEvent) && !nothingHeld
                    ? await NotifiedAsync(record, seamEvent, id, requestId)
                    : Ignored(seamEvent, requestId);
            }

            var applied = !nothingHeld && seamEvent.EventType == "access_code.failed_to_set_on_device"
                ? await WithBackupAsync(record, (AccessCodesAnswer)changed, seamEvent, id, requestId, cancellationToken)
                : await StoredAsync(record, changed, seamEvent, id, notify: !nothingHeld, requestId, cancellationToken);
            if (applied is not null)
                return applied;
        }

        return ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// A door opened with a reference's code: the first use is noted once and told once (<c>guest.arrived</c>, no PIN
    /// in it); later unlocks move <c>last_used_at</c> only. Nothing for a reference that holds nothing any more.
    /// </summary>
    private async Task<Outcome> UnlockedAsync((string Scope, string Key) holder, SeamEvent seamEvent, string id, string requestId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var record = await StoreCall.RunAsync(() => records.GetAsync(holder.Scope, holder.Key, cancellationToken));
            var now = time.GetUtcNow();
            if (record is not { State: CredentialState.Active, Answer: not null })
                return Ignored(seamEvent, requestId);
            if (record.LeaseUntil > now)
                return ReferenceAnswers.InProgress(requestId, record.LeaseUntil - now); // a write holds it: Seam sends the event again
            var arrived = record.FirstUsedAt is null || seamEvent.OccurredAt == record.FirstUsedAt; // the same first unlock again: its notification may not have been queued
            if (!record.Used(seamEvent.OccurredAt))
                return arrived ? await NotifiedAsync(record, seamEvent, id, requestId, NotificationTypes.GuestArrived) : Ignored(seamEvent, requestId);
            if (!await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
                continue;
            EventLog.Applied(logger, seamEvent.EventType, id, record.Answer.Credential.Status, requestId);
            return arrived ? await NotifiedAsync(record, seamEvent, id, requestId, NotificationTypes.GuestArrived) : new Outcome.SeamEvent(new SeamEventAnswer { Ignored = false, RequestId = requestId });
        }

        return ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// An event from another workspace than the API key's changes nothing (ignored, with a Warning: a webhook points
    /// at the wrong app); null when it is the key's own. Seam unreachable while learning it: the problem, Seam resends.
    /// </summary>
    private async Task<Outcome?> OtherWorkspaceAsync(SeamEvent seamEvent, string requestId, CancellationToken cancellationToken)
    {
        if (seamEvent.WorkspaceId is null)
            return null;
        var (own, failure) = await workspace.IdAsync(cancellationToken);
        if (own is null)
            return Problems.FromUpstream(failure!, requestId, code: null);
        if (SeamWorkspace.IsOwn(seamEvent.WorkspaceId, own))
            return null;
        EventLog.OtherWorkspace(logger, requestId);
        return new Outcome.SeamEvent(new SeamEventAnswer { Ignored = true, RequestId = requestId });
    }

    /// <summary>
    /// The change stored, then notified (a removal confirmed after the revoke is only noted as the code's
    /// <c>last_event</c>: the caller asked for it and hears nothing); null when the record changed since it was read.
    /// </summary>
    private async Task<Outcome?> StoredAsync(
        CredentialRecord record, AccessAnswer changed, SeamEvent seamEvent, string id, bool notify, string requestId, CancellationToken cancellationToken)
    {
        record.HoldsNow(changed);
        if (!await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
            return null;
        EventLog.Applied(logger, seamEvent.EventType, id, changed.Status, requestId);
        return notify ? await NotifiedAsync(record, seamEvent, id, requestId) : new Outcome.SeamEvent(new SeamEventAnswer { Ignored = false, RequestId = requestId });
    }

    /// <summary>
    /// A code failed to set: with the record claimed, a backup code takes its place when Seam has one (the caller gets
    /// <c>credential.code_changed</c> with the door's new PIN), else the failure is stored and notified. Seam
    /// unreachable: the record is released and the event answered with the problem, so Seam sends it again.
    /// </summary>
    private async Task<Outcome?> WithBackupAsync(CredentialRecord record, AccessCodesAnswer changed, SeamEvent seamEvent, string id, string requestId, CancellationToken cancellationToken)
    {
        if (!await leases.ClaimAsync(record, cancellationToken))
            return null;
        var failed = changed.AccessCodes.First(c => c.AccessCodeId == id);
        var outcome = await backups.ReplaceAsync(failed, changed, leases.LeaseOf(record), cancellationToken);
        if (outcome is BackupOutcome.Failed { Result: not Upstream.SeamCallResult.Rejected } unreachable)
        {
            record.Release();
            await leases.SettleAsync(record, requestId);
            return Problems.FromUpstream(unreachable.Result, requestId, null, failed.DeviceId);
        }

        var pulled = outcome as BackupOutcome.Pulled;
        record.HoldsNow(pulled is null ? changed : Swapped(changed, id, pulled.Backup));
        record.Release();
        await leases.SettleAsync(record, requestId);
        if (pulled is null)
            return await NotifiedAsync(record, seamEvent, id, requestId);
        await leases.IndexAsync(record, requestId);
        EventLog.BackupPulled(logger, id, pulled.Backup.AccessCodeId, requestId);
        return await NotifiedAsync(record, seamEvent, pulled.Backup.AccessCodeId, requestId, NotificationTypes.CodeChanged, pulled.Pin, replaced: id);
    }

    private static AccessCodesAnswer Swapped(AccessCodesAnswer codes, string failedId, AccessCodeAnswer backup) => AccessCodesAnswer.Of(
        [.. codes.AccessCodes.Select(c => c.AccessCodeId == failedId ? backup : c)], codes.Code, codes.Name, codes.StartsAt, codes.EndsAt);

    /// <summary>The change's notification queued (a queue failure is a 503: Seam sends the event again), then the answer.</summary>
    private async Task<Outcome> NotifiedAsync(
        CredentialRecord record, SeamEvent seamEvent, string id, string requestId, string? type = null, string? pin = null, string? replaced = null)
    {
        if ((type ?? NotificationTypes.Of(seamEvent.EventType)) is { } notification)
            await StoreCall.RunAsync(async () => { await notifier.NotifyAsync(record, notification, id, seamEvent, pin, replaced); return true; });
        return new Outcome.SeamEvent(new SeamEventAnswer { Ignored = false, RequestId = requestId });
    }

    private Outcome.SeamEvent Ignored(SeamEvent seamEvent, string requestId)
    {
        var shown = Webhooks.VerifiedDelivery.Shown(seamEvent.EventType)!; // Seam's text, kept short and on one line
        EventLog.Ignored(logger, shown, requestId);
        return new Outcome.SeamEvent(new SeamEventAnswer { Ignored = true, RequestId = requestId });
    }

    private static partial class EventLog
    {
        [LoggerMessage(EventId = 8000, EventName = "SeamEventApplied", Level = LogLevel.Information,
            Message = "Seam event {EventType} applied to {UpstreamId}: status {Status}, request {RequestId}")]
        public static partial void Applied(ILogger logger, string eventType, string upstreamId, string status, string requestId);

        [LoggerMessage(EventId = 8001, EventName = "SeamEventIgnored", Level = LogLevel.Debug,
            Message = "Seam event {EventType} ignored (a type that changes nothing, an id no record holds, or older than the last applied), request {RequestId}")]
        public static partial void Ignored(ILogger logger, string eventType, string requestId);

        [LoggerMessage(EventId = 8004, EventName = "SeamEventOtherWorkspace", Level = LogLevel.Warning,
            Message = "A Seam event from another workspace than the API key's was ignored (is this webhook pointed at the right app?), request {RequestId}")]
        public static partial void OtherWorkspace(ILogger logger, string requestId);

        [LoggerMessage(EventId = 8002, EventName = "BackupCodePulled", Level = LogLevel.Warning,
            Message = "Access code {AccessCodeId} failed to set on its lock; backup code {BackupAccessCodeId} took its place, request {RequestId}")]
        public static partial void BackupPulled(ILogger logger, string accessCodeId, string backupAccessCodeId, string requestId);
    }
}
