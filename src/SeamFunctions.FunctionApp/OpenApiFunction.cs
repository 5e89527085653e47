using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// <c>GET /api/openapi.json</c>, anonymous: import tools fetch it before anyone has a key, and it describes
/// only the public contract (no secrets, no settings).
/// </summary>
internal sealed class OpenApiFunction
{
    [Function("OpenApi")]
    public static async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpenApiEndpoint.Route)] HttpRequest request)
    {
        await OpenApiEndpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
