using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Events;
using SeamFunctions.Lifecycle;
using SeamFunctions.Queues;

namespace SeamFunctions.Notifications;

/// <summary>
/// Queues the one notification of an applied change to a reference's access, when its scope has a target. The id
/// is derived from the change itself (record, upstream id, event type and time), so the same change queued twice
/// (Seam resent an event the queue had failed to take) reaches the receiver with one <c>webhook-id</c>.
/// </summary>
internal sealed partial class Notifier(NotifyTargets targets, IMessageQueue<QueuedNotification> queue, TimeProvider time, ILogger<Notifier> logger)
{
    /// <summary>
    /// Queues <paramref name="type"/> about <paramref name="upstreamId"/> as <paramref name="record"/> holds it now.
    /// A queue failure is thrown: the event is then answered 503 and Seam sends it again.
    /// </summary>
    /// <param name="pin">Only for <c>credential.code_changed</c>: the door's new PIN.</param>
    public async Task NotifyAsync(CredentialRecord record, string type, string upstreamId, SeamEvent seamEvent, string? pin = null, string? replaced = null)
    {
        if (targets.UrlFor(record.Scope) is null || record.Answer is not { Reference: { } reference, Credential: var access })
            return;
        var data = Data(record, access, reference, upstreamId, seamEvent);
        if (type == NotificationTypes.CodeChanged)
            data = With(data, pin, replaced); // the one notification with a PIN
        await EnqueueAsync(record.Scope, type, data, IdOf(record.Scope, record.Key, type, upstreamId, seamEvent.EventType, AnswerTimes.Of(seamEvent.OccurredAt)));
    }

    /// <summary>
    /// Queues <c>credential.at_risk</c> (with its <paramref name="reasons"/>) or <c>credential.ready</c> for a reference,
    /// after Seam's event about <paramref name="deviceId"/>. No PIN in it.
    /// </summary>
    public async Task NotifyReadinessAsync(CredentialRecord record, string type, string deviceId, IReadOnlyList<ReasonAnswer> reasons, SeamEvent seamEvent)
    {
        if (targets.UrlFor(record.Scope) is null || record.Answer is not { Reference: { } reference, Credential: var access })
            return;
        var data = new NotificationData
        {
            Reference = reference, Kind = AccessKinds.Of(access), Status = access.Status,
            DeviceId = deviceId, Errors = [], EventType = seamEvent.EventType, OccurredAt = AnswerTimes.Of(seamEvent.OccurredAt),
            Reasons = type == NotificationTypes.AtRisk ? reasons : null,
        };
        await EnqueueAsync(record.Scope, type, data, IdOf(record.Scope, record.Key, type, deviceId, seamEvent.EventType, data.OccurredAt));
    }

    /// <summary>
    /// Queues the one notification of a readiness check (<paramref name="check"/> before the stay's start):
    /// <c>credential.at_risk</c> with its <paramref name="reasons"/>, or <c>credential.ready</c>. Its id is the
    /// reference's and the check's, so a check run again after a failure tells nothing new. No PIN in it.
    /// </summary>
    public async Task NotifyCheckAsync(CredentialRecord record, string type, IReadOnlyList<ReasonAnswer> reasons, TimeSpan check, DateTimeOffset at)
    {
        if (targets.UrlFor(record.Scope) is null || record.Answer is not { Reference: { } reference, Credential: var access })
            return;
        var data = new NotificationData
        {
            Reference = reference, Kind = AccessKinds.Of(access), Status = access.Status,
            Errors = [], OccurredAt = AnswerTimes.Of(at), Check = CheckName(check), Reasons = type == NotificationTypes.AtRisk ? reasons : null,
        };
        await EnqueueAsync(record.Scope, type, data, IdOf(record.Scope, record.Key, "readiness-check", AnswerTimes.Of(record.ChecksFor ?? at), data.Check));
    }

    /// <summary>A check as its time before arrival, <c>d.hh:mm:ss</c> (as <c>Readiness__Checks</c> names it).</summary>
    public static string CheckName(TimeSpan check) => check.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Queues the outcome of a queued command (<c>credential.created</c>, <c>updated</c>, <c>revoked</c>, or <c>failed</c>
    /// for good): its sender got a 202 and hears the end here. <paramref name="commandId"/> makes the id stable.
    /// </summary>
    public async Task NotifyOutcomeAsync(string scope, string reference, string type, string kind, string status, IReadOnlyList<NoticeAnswer> errors, string commandId)
    {
        if (targets.UrlFor(scope) is null)
            return;
        var data = new NotificationData { Reference = reference, Kind = kind, Status = status, Errors = errors, OccurredAt = AnswerTimes.Of(time.GetUtcNow()) };
        await EnqueueAsync(scope, type, data, IdOf(scope, reference, type, commandId));
    }

    /// <summary>The notification, stamped now, in the queue with its id (a queue failure is thrown to the caller).</summary>
    private async Task EnqueueAsync(string scope, string type, NotificationData data, string id)
    {
        var body = new NotificationBody { Type = type, Timestamp = AnswerTimes.Of(time.GetUtcNow()), Data = data };
        await queue.EnqueueAsync(new QueuedNotification(id, scope, data.Reference, type, 0,
            JsonSerializer.Serialize(body, NotificationJsonContext.Default.NotificationBody)), TimeSpan.Zero, CancellationToken.None);
        Log.Queued(logger, id, type, queue.Name);
    }

    private static NotificationData Data(CredentialRecord record, AccessAnswer access, string reference, string upstreamId, SeamEvent seamEvent)
    {
        var status = record.State == CredentialState.Revoked ? CredentialStatus.Revoked : access.Status;
        var (eventType, occurredAt) = (seamEvent.EventType, AnswerTimes.Of(seamEvent.OccurredAt));
        return access switch
        {
            AccessCodesAnswer codes when codes.AccessCodes.FirstOrDefault(c => c.AccessCodeId == upstreamId) is { } code => new NotificationData
            {
                Reference = reference, Kind = AccessKinds.AccessCode, Status = status, DeviceId = code.DeviceId, AccessCodeId = code.AccessCodeId,
                Errors = code.Errors, EventType = eventType, OccurredAt = occurredAt,
            },
            CredentialAnswer credential => new NotificationData
            {
                Reference = reference, Kind = AccessKinds.AcsCredential, Status = status, AcsCredentialId = credential.AcsCredentialId,
                Errors = credential.Errors, EventType = eventType, OccurredAt = occurredAt,
            },
            AccessGrantAnswer grant => OfGrant(grant, reference, status, seamEvent),
            _ => new NotificationData
            {
                Reference = reference, Kind = AccessKinds.AccessCode, Status = status, AccessCodeId = upstreamId, DeviceId = seamEvent.DeviceId,
                Errors = access.Errors, EventType = eventType, OccurredAt = occurredAt,
            },
        };
    }

    /// <summary>
    /// A grant's notification: the method the event named (its errors), or the grant's. The phone key's link goes only
    /// into <c>credential.issued</c> of that <c>mobile_key</c> method, the one place besides the answers that shows it.
    /// </summary>
    private static NotificationData OfGrant(AccessGrantAnswer grant, string reference, string status, SeamEvent seamEvent)
    {
        var method = grant.AccessMethods.FirstOrDefault(m => m.AccessMethodId == seamEvent.AccessMethodId);
        var handsOutKey = method is { Mode: AccessMethodAnswer.MobileKeyMode, IsIssued: true } && NotificationTypes.Of(seamEvent.EventType) == NotificationTypes.Issued;
        return new NotificationData
        {
            Reference = reference, Kind = AccessKinds.AccessGrant, Status = status, AccessGrantId = grant.AccessGrantId, AccessMethodId = method?.AccessMethodId,
            InstantKeyUrl = handsOutKey ? method!.InstantKeyUrl : null, Errors = method?.Errors ?? grant.Errors, EventType = seamEvent.EventType,
            OccurredAt = AnswerTimes.Of(seamEvent.OccurredAt),
        };
    }

    private static NotificationData With(NotificationData data, string? pin, string? replaced) => new()
    {
        Reference = data.Reference, Kind = data.Kind, Status = data.Status, DeviceId = data.DeviceId, AccessCodeId = data.AccessCodeId,
        AcsCredentialId = data.AcsCredentialId, Errors = data.Errors, EventType = data.EventType, OccurredAt = data.OccurredAt,
        Code = pin, ReplacedAccessCodeId = replaced,
    };

    /// <summary>A notification's id from what it is about: the same change gives the same id, however often it is queued.</summary>
    private static string IdOf(params string[] parts) =>
        "ntf_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];


    private static partial class Log
    {
        [LoggerMessage(EventId = 8105, EventName = "NotificationQueued", Level = LogLevel.Information,
            Message = "Notification {NotificationId} ({Type}) queued in {Queue}")]
        public static partial void Queued(ILogger logger, string notificationId, string type, string queue);
    }
}
