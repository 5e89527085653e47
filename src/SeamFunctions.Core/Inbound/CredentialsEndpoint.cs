using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/credentials</c> and <c>POST /api/sources/{source}/credentials</c>, shared by the function app and
/// the DevServer. One path, read straight down: request id, content checks, body, (signed delivery verified),
/// parse, idempotency key, issue exactly once, the one normalized answer.
/// </summary>
internal sealed class CredentialsEndpoint(
    CreateCredentialRequestParser parser,
    WebhookVerifier webhooks,
    ExactlyOnceIssuer issuer,
    ILogger<CredentialsEndpoint> logger)
{
    public const string Route = "credentials";
    public const string SourceRoute = "sources/{source}/credentials";

    /// <summary>Callers with a function key (Power Automate, Logic Apps).</summary>
    public Task HandleAsync(HttpContext context) => RunAsync(context, sourceName: null);

    /// <summary>A named webhook source: its signature over the raw body is the authentication.</summary>
    public Task HandleSourceAsync(HttpContext context, string source) => RunAsync(context, source);

    private async Task RunAsync(HttpContext context, string? sourceName)
    {
        var requestId = RequestIds.Accept(context);
        var cancellationToken = context.RequestAborted;
        ApiResponse answer;
        try
        {
            answer = await AnswerAsync(context.Request, sourceName, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            RequestLog.CallerWentAway(logger, requestId);
            return;
        }
        catch (Exception e)
        {
            // The one path for the unexpected: the exception goes to the log, never to the caller.
            RequestLog.Unexpected(logger, e, requestId);
            answer = Problems.InternalError(requestId);
        }

        await ResponseWriter.WriteAsync(context.Response, answer, cancellationToken);
    }

    private async Task<ApiResponse> AnswerAsync(HttpRequest request, string? sourceName, string requestId, CancellationToken cancellationToken)
    {
        if (JsonBody.CheckHeaders(request, requestId) is { } notReadable)
            return Refused(notReadable, requestId);

        using var body = await JsonBody.ReadAsync(request.BodyReader, cancellationToken);
        if (JsonBody.Refusal(body, requestId) is { } unreadable)
            return Refused(unreadable, requestId);

        VerifiedDelivery? delivery = null;
        if (sourceName is not null)
        {
            delivery = await webhooks.VerifyAsync(sourceName, request.Headers, body.Bytes, requestId, cancellationToken);
            if (delivery.Refusal is { } unverified)
                return unverified;
        }

        var parsed = parser.Parse(delivery?.Payload ?? body.Bytes);
        if (parsed.InvalidJsonDetail is { } detail)
            return Refused(Problems.InvalidJson(requestId, detail), requestId);
        if (parsed.Errors is { } errors)
            return Refused(Problems.InvalidRequest(requestId, errors), requestId);
        var credential = parsed.Request!;

        IdempotencyKey? key;
        if (delivery is not null)
            key = IdempotencyKey.OfDelivery(delivery.SignedId, credential.Reference, body.Bytes);
        else if (!IdempotencyKey.TryReadFromCaller(request, credential.Reference, out key, out var keyError))
            return Refused(Problems.InvalidIdempotencyKey(requestId, IdempotencyKey.Header, keyError!), requestId);

        var scope = delivery?.Source!.Scope ?? CallerScope.Of(request.HttpContext);
        return await issuer.IssueAsync(credential, key, scope, requestId, cancellationToken);
    }

    private ApiResponse Refused(ApiResponse answer, string requestId)
    {
        RequestLog.Refused(logger, requestId, answer.ProblemCode!);
        return answer;
    }
}
