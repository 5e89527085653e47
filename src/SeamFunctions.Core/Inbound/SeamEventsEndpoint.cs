using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Events;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/seam/events</c>: Seam's own events (anonymous at the host; Seam's signature is the authentication).
/// Verified over the raw bytes, applied once per <c>svix-id</c> (a redelivery replays its first answer), then applied
/// to the record that holds the event's id.
/// </summary>
internal sealed partial class SeamEventsEndpoint(
    SeamEventSource seam, WebhookVerifier webhooks, DeliveryLedger ledger, SeamEventApplier applier, ILogger<SeamEventsEndpoint> logger)
{
    public const string Route = "seam/events";

    public Task HandleAsync(HttpContext context) => EndpointRunner.RunAsync(context, logger, AnswerAsync);

    private async Task<Outcome> AnswerAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        if (seam.Source is not { } source)
        {
            WebhookLog.SourceUnknown(logger, requestId);
            return Problems.NotFound(requestId);
        }

        var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
        using var body = read.Body;
        if (read.Refusal is { } unreadable)
            return unreadable;
        if (await webhooks.CheckSignatureAsync(source, request, body.Bytes, requestId, cancellationToken) is { } refused)
            return refused;
        if (AccessRequestParser.CheckReadable(body.Bytes) is { } notJson)
            return EndpointRunner.Refused(logger, Problems.Of(notJson, requestId)!, requestId);

        var (seamEvent, malformed) = SeamEvent.Parse(body.Bytes);
        if (seamEvent is null)
            return Malformed(malformed!, requestId); // not recorded as delivered: Seam sends it again

        var key = DeliveryLedger.KeyOf(SignatureSchemes.SignedId(source.Options, request.Headers), body.Bytes);
        return await ledger.AppliedOnceAsync(SeamEventSource.Scope, key, requestId, () => applier.ApplyAsync(seamEvent, requestId, cancellationToken), cancellationToken);
    }

    /// <summary>A signed event we cannot read is a fault to see (Warning) and a 400 Seam retries, never a silent "ignored".</summary>
    private Outcome.Failed Malformed(string field, string requestId)
    {
        Log.Malformed(logger, field, requestId);
        var errors = new ValidationErrors();
        errors.Add(field, "Seam's event must be a JSON object with a string event_type, an ISO 8601 occurred_at, string ids, and no name twice.");
        return Problems.InvalidRequest(requestId, errors);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8003, EventName = "SeamEventMalformed", Level = LogLevel.Warning,
            Message = "A signed Seam event could not be read ({Field}); answered 400 so Seam sends it again, request {RequestId}")]
        public static partial void Malformed(ILogger logger, string field, string requestId);
    }
}
