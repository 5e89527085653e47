using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary><c>GET /api/board?code=…</c>: the arrivals board page, protected by a function key (the page passes it on to <c>/api/stays</c>).</summary>
internal sealed class BoardFunction
{
    [Function("Board")]
    public static async Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = BoardEndpoint.Route)] HttpRequest request)
    {
        await BoardEndpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
