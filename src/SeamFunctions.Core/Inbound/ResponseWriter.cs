using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SeamFunctions.Answers;

namespace SeamFunctions.Inbound;

internal static class ResponseWriter
{
    public static Task WriteAsync(HttpResponse response, ApiResponse answer, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.StatusCode;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        // A success carries a working PIN: no cache anywhere may keep it.
        response.Headers[HeaderNames.CacheControl] = "no-store";
        if (answer.Replayed)
            response.Headers["Idempotent-Replayed"] = "true";
        if (answer.RetryAfter is not null)
            response.Headers[HeaderNames.RetryAfter] = answer.RetryAfter;
        return response.Body.WriteAsync(answer.Body, cancellationToken).AsTask();
    }
}
