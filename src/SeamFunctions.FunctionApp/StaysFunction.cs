using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary><c>GET /api/stays</c>, protected by a function key: the caller's stays in a window, from the stored records.</summary>
internal sealed class StaysFunction(StaysEndpoint endpoint)
{
    [Function("ListStays")]
    public async Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = StaysEndpoint.Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
