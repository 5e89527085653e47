using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// <c>PUT</c>, <c>DELETE</c> and <c>GET /api/credentials/{reference}</c>, protected by a function key: move or
/// replace, revoke, and read one guest's PIN by the caller's reference. The endpoint writes the whole answer.
/// </summary>
internal sealed class CredentialByReferenceFunctions(LifecycleEndpoint endpoint)
{
    [Function("PutCredential")]
    public async Task<IActionResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = LifecycleEndpoint.Route)] HttpRequest request, string reference)
    {
        await endpoint.PutAsync(request.HttpContext, reference);
        return new EmptyResult();
    }

    [Function("RevokeCredential")]
    public async Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = LifecycleEndpoint.Route)] HttpRequest request, string reference)
    {
        await endpoint.DeleteAsync(request.HttpContext, reference);
        return new EmptyResult();
    }

    [Function("GetCredential")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = LifecycleEndpoint.Route)] HttpRequest request, string reference)
    {
        await endpoint.GetAsync(request.HttpContext, reference);
        return new EmptyResult();
    }
}
