using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary><c>POST /api/credentials</c>, protected by a function key. The endpoint writes the whole answer.</summary>
internal sealed class CreateCredentialFunction(CredentialsEndpoint endpoint)
{
    [Function("CreateCredential")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = CredentialsEndpoint.Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
