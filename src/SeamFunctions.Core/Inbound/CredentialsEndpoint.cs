using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Idempotency;
using SeamFunctions.Logging;
using SeamFunctions.Validation;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/credentials</c>, shared by the function app and the DevServer:
/// request id, content checks, parse and validate, issue, write the one normalized answer.
/// </summary>
internal sealed class CredentialsEndpoint(
    CreateCredentialRequestParser parser,
    ExactlyOnceIssuer issuer,
    ILogger<CredentialsEndpoint> logger)
{
    public const string Route = "credentials";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.Accept(context);
        var cancellationToken = context.RequestAborted;
        ApiResponse answer;
        try
        {
            answer = await AnswerAsync(context.Request, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.CallerWentAway(logger, requestId);
            return;
        }
        catch (Exception e)
        {
            // The one path for the unexpected: the exception goes to the log, never to the caller.
            Log.Unexpected(logger, e, requestId);
            answer = Problems.InternalError(requestId);
        }

        await ResponseWriter.WriteAsync(context.Response, answer, cancellationToken);
    }

    private async Task<ApiResponse> AnswerAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        switch (JsonBody.CheckHeaders(request))
        {
            case JsonBody.Refusal.NotJson:
                return Refused(Problems.UnsupportedMediaType(requestId), requestId);
            case JsonBody.Refusal.TooLarge:
                return Refused(Problems.PayloadTooLarge(requestId, JsonBody.MaxBytes), requestId);
        }

        var (fits, parsed) = await JsonBody.ReadAsync(request.BodyReader, parser.Parse, cancellationToken);
        if (!fits)
            return Refused(Problems.PayloadTooLarge(requestId, JsonBody.MaxBytes), requestId);
        if (parsed.InvalidJsonDetail is { } detail)
            return Refused(Problems.InvalidJson(requestId, detail), requestId);
        if (parsed.Errors is { } errors)
            return Refused(Problems.InvalidRequest(requestId, errors), requestId);

        if (!IdempotencyKey.TryRead(request, parsed.Request!.Reference, out var key, out var keyError))
            return Refused(Problems.InvalidIdempotencyKey(requestId, IdempotencyKey.Header, keyError!), requestId);

        return await issuer.IssueAsync(parsed.Request, key, CallerScope.Of(request.HttpContext), requestId, cancellationToken);
    }

    private ApiResponse Refused(ApiResponse answer, string requestId)
    {
        Log.Refused(logger, requestId, answer.ProblemCode!);
        return answer;
    }
}
