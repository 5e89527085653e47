using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary><c>POST /api/seam/events</c>, anonymous at the host: Seam's signature is the authentication.</summary>
internal sealed class SeamEventsFunction(SeamEventsEndpoint endpoint)
{
    [Function("SeamEvents")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SeamEventsEndpoint.Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
