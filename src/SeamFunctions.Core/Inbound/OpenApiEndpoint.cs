using System.Text;
using Microsoft.AspNetCore.Http;
using SeamFunctions.OpenApi;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>GET /api/openapi.json</c>, anonymous: the adapter's own API description, for importing into tools
/// (Power Automate, Logic Apps, API Management). It holds no secret and no setting; the server address is the
/// one the caller reached.
/// </summary>
internal static class OpenApiEndpoint
{
    public const string Route = "openapi.json";

    public static Task HandleAsync(HttpContext context)
    {
        RequestIds.Accept(context);
        var request = context.Request;
        var document = ApiDocument.OpenApi3($"{request.Scheme}://{request.Host}{request.PathBase}");
        var body = Encoding.UTF8.GetBytes(document.ToJsonString());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
