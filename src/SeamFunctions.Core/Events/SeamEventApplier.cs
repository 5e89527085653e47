using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;

namespace SeamFunctions.Events;

/// <summary>
/// Applies one of Seam's events to the record that holds its id (found in one read through <see cref="IUpstreamIndex"/>),
/// conditionally on the record's ETag. A record a write holds is left alone (<c>409</c>, Seam retries); an id no
/// record holds, a type that changes nothing, or an event older than the last applied is ignored.
/// </summary>
internal sealed partial class SeamEventApplier(IUpstreamIndex index, ICredentialRecordStore records, TimeProvider time, ILogger<SeamEventApplier> logger)
{
    private const int MaxRounds = 3;

    public async Task<ApiResponse> ApplyAsync(SeamEvent seamEvent, string requestId, CancellationToken cancellationToken)
    {
        if (!EventEffects.Known.Contains(seamEvent.EventType) || seamEvent.UpstreamId is not { } id
            || await StoreCall.RunAsync(() => index.FindAsync(id, cancellationToken)) is not { } holder)
            return Ignored(seamEvent, requestId);

        for (var round = 0; round < MaxRounds; round++)
        {
            var record = await StoreCall.RunAsync(() => records.GetAsync(holder.Scope, holder.Key, cancellationToken));
            var now = time.GetUtcNow();
            if (record?.Answer is null)
                return Ignored(seamEvent, requestId);
            if (record.LeaseUntil > now)
                return ReferenceAnswers.InProgress(requestId, record.LeaseUntil - now);
            var nothingHeld = record.State is CredentialState.Revoked or CredentialState.Empty;
            if (EventEffects.Apply(record.Answer.Credential, seamEvent, nothingHeld) is not { } changed)
                return Ignored(seamEvent, requestId);
            record.HoldsNow(changed);
            if (await StoreCall.RunAsync(() => records.TryReplaceAsync(record, cancellationToken)))
            {
                EventLog.Applied(logger, seamEvent.EventType, id, changed.Status, requestId);
                return ApiResponse.SeamEvent(new SeamEventAnswer { Ignored = false, RequestId = requestId });
            }
        }

        return ReferenceAnswers.InProgress(requestId, TimeSpan.FromSeconds(1));
    }

    private ApiResponse Ignored(SeamEvent seamEvent, string requestId)
    {
        var shown = Webhooks.VerifiedDelivery.Shown(seamEvent.EventType)!; // Seam's text, kept short and on one line
        EventLog.Ignored(logger, shown, requestId);
        return ApiResponse.SeamEvent(new SeamEventAnswer { Ignored = true, RequestId = requestId });
    }

    private static partial class EventLog
    {
        [LoggerMessage(EventId = 8000, EventName = "SeamEventApplied", Level = LogLevel.Information,
            Message = "Seam event {EventType} applied to {UpstreamId}: status {Status}, request {RequestId}")]
        public static partial void Applied(ILogger logger, string eventType, string upstreamId, string status, string requestId);

        [LoggerMessage(EventId = 8001, EventName = "SeamEventIgnored", Level = LogLevel.Debug,
            Message = "Seam event {EventType} ignored (a type that changes nothing, an id no record holds, or older than the last applied), request {RequestId}")]
        public static partial void Ignored(ILogger logger, string eventType, string requestId);
    }
}
