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
internal sealed class SeamEventsEndpoint(
    SeamEventSource seam, WebhookVerifier webhooks, DeliveryLedger ledger, SeamEventApplier applier, ILogger<SeamEventsEndpoint> logger)
{
    public const string Route = "seam/events";

    public Task HandleAsync(HttpContext context) => EndpointRunner.RunAsync(context, logger, AnswerAsync);

    private async Task<ApiResponse> AnswerAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
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

        var key = DeliveryLedger.KeyOf(SignatureSchemes.SignedId(source.Options, request.Headers), body.Bytes);
        var seamEvent = SeamEvent.Parse(body.Bytes);
        return await ledger.AppliedOnceAsync(SeamEventSource.Scope, key, requestId, () => seamEvent is not null
            ? applier.ApplyAsync(seamEvent, requestId, cancellationToken)
            : Task.FromResult(ApiResponse.SeamEvent(new SeamEventAnswer { Ignored = true, RequestId = requestId })), cancellationToken);
    }
}
