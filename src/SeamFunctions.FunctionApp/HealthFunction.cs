using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary><c>GET /api/health</c>, anonymous: it reveals nothing and calls nothing.</summary>
internal sealed class HealthFunction(HealthEndpoint endpoint)
{
    [Function("Health")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthEndpoint.Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
