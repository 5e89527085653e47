using System.Text;
using Microsoft.AspNetCore.Http;
using SeamFunctions.OpenApi;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>GET /api/openapi.json</c>, anonymous: the adapter's own API description, for importing into tools
/// (Power Automate, Logic Apps, API Management). It holds no secret and no setting. The server address is
/// relative (<c>/api</c>, resolved against where the document was fetched): nothing from the request's
/// headers, such as a forged <c>Host</c>, goes into the document. Caches may keep it for five minutes.
/// </summary>
internal static class OpenApiEndpoint
{
    public const string Route = "openapi.json";

    public static Task HandleAsync(HttpContext context)
    {
        RequestIds.Accept(context);
        var body = Encoding.UTF8.GetBytes(ApiDocument.OpenApi3Json());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        context.Response.Headers.CacheControl = "public, max-age=300";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
