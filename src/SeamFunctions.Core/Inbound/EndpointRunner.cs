using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;

namespace SeamFunctions.Inbound;

/// <summary>How every endpoint begins and ends: the request id, one path for the unexpected, the one answer rendered from its outcome.</summary>
internal static class EndpointRunner
{
    public static async Task RunAsync(HttpContext context, ILogger logger, Func<HttpRequest, string, CancellationToken, Task<Outcome>> answer)
    {
        var requestId = RequestIds.Accept(context);
        var cancellationToken = context.RequestAborted;
        Outcome outcome;
        try
        {
            outcome = await answer(context.Request, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            RequestLog.CallerWentAway(logger, requestId);
            return;
        }
        catch (Exception e)
        {
            // The exception goes to the log, never to the caller.
            RequestLog.Unexpected(logger, e, requestId);
            outcome = Problems.InternalError(requestId);
        }

        await ResponseWriter.WriteAsync(context.Response, OutcomeRendering.Render(outcome), cancellationToken);
    }

    /// <summary>
    /// The body, read and checked as JSON (content type and charset, size, complete), or the refusal to answer
    /// (logged). Dispose the body once done with its bytes: they are the request pipe's own buffer.
    /// </summary>
    public static async ValueTask<(JsonBody.Body Body, Outcome.Failed? Refusal)> ReadJsonAsync(HttpRequest request, ILogger logger, string requestId, CancellationToken cancellationToken)
    {
        if (JsonBody.CheckHeaders(request, requestId) is { } notReadable)
            return (default, Refused(logger, notReadable, requestId));
        var body = await JsonBody.ReadAsync(request.BodyReader, cancellationToken);
        return JsonBody.Refusal(body, requestId) is { } unreadable ? (body, Refused(logger, unreadable, requestId)) : (body, null);
    }

    /// <summary>A refusal before anything reached Seam, logged by its code.</summary>
    public static Outcome.Failed Refused(ILogger logger, Outcome.Failed answer, string requestId)
    {
        RequestLog.Refused(logger, requestId, answer.Code);
        return answer;
    }
}
