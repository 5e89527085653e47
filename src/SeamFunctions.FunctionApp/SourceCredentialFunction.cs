using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// <c>POST /api/sources/{source}/credentials</c> for signed webhooks (PMS). Anonymous at the host: the source's
/// signature, checked on the raw body, is the authentication.
/// </summary>
internal sealed class SourceCredentialFunction(CredentialsEndpoint endpoint)
{
    [Function("CreateCredentialFromSource")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CredentialsEndpoint.SourceRoute)] HttpRequest request,
        string source)
    {
        await endpoint.HandleSourceAsync(request.HttpContext, source);
        return new EmptyResult();
    }
}
