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
        if (answer.Location is not null)
        {
            response.Headers[HeaderNames.Location] = AbsoluteLocation(response.HttpContext.Request, answer.Location);
            if (answer.StatusCode == 202 && Preferences.RespondAsync(response.HttpContext.Request.Headers))
                response.Headers["Preference-Applied"] = Preferences.RespondAsyncToken;
        }
        return response.Body.WriteAsync(answer.Body, cancellationToken).AsTask();
    }

    /// <summary>
    /// The poll URL on the host the caller used. A caller that put its function key in the URL (<c>?code=</c>, as a
    /// Logic App's polling HTTP action must, since it does not resend headers) gets it back in the URL it polls.
    /// </summary>
    private static string AbsoluteLocation(HttpRequest request, string location)
    {
        var query = new List<string>();
        if (SourceOf(request.Path) is { } source)
            query.Add("source=" + Uri.EscapeDataString(source)); // a signed delivery's reference lives in its source's scope
        if (request.Query["code"].FirstOrDefault() is { Length: > 0 } key)
            query.Add("code=" + Uri.EscapeDataString(key));
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/api/{location}";
        return query.Count == 0 ? url : url + "?" + string.Join('&', query);
    }

    /// <summary>The source of <c>/api/sources/{source}/credentials</c>, else null.</summary>
    private static string? SourceOf(PathString path) =>
        path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["api", "sources", var source, "credentials"] ? Uri.UnescapeDataString(source) : null;
}
