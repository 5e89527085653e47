using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// <c>POST /api/maintenance/replay</c>, the host's master key only: poisoned notifications or commands back to their
/// queue. (Not <c>/api/admin/…</c>: the Functions host refuses function routes that begin with <c>admin</c>.)
/// </summary>
internal sealed class ReplayFunction(ReplayEndpoint endpoint)
{
    [Function("ReplayPoisoned")]
    public async Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = ReplayEndpoint.Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
