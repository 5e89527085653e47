using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Guests;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Validation;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>PUT</c>, <c>DELETE</c> and <c>GET /api/credentials/{reference}</c>: one guest's PIN for the whole stay, by
/// the caller's own reference. Scoped like idempotency keys (the caller's function key).
/// </summary>
internal sealed class LifecycleEndpoint(
    CreateCredentialRequestParser parser, CredentialLifecycle lifecycle, GuestResolver guests, ILogger<LifecycleEndpoint> logger)
{
    public const string Route = "credentials/{reference}";

    public Task PutAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => PutCoreAsync(request, reference, requestId, cancellationToken));

    public Task DeleteAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => DeleteCoreAsync(request, reference, requestId, cancellationToken));

    public Task GetAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) =>
            CredentialReference.IsValid(reference)
                ? lifecycle.GetAsync(reference, CallerScope.Of(request.HttpContext), requestId, cancellationToken)
                : Task.FromResult(Refused(InvalidPathReference(requestId), requestId)));

    private async Task<ApiResponse> PutCoreAsync(HttpRequest request, string reference, string requestId, CancellationToken cancellationToken)
    {
        if (!CredentialReference.IsValid(reference))
            return Refused(InvalidPathReference(requestId), requestId);
        if (JsonBody.CheckHeaders(request, requestId) is { } notReadable)
            return Refused(notReadable, requestId);

        using var body = await JsonBody.ReadAsync(request.BodyReader, cancellationToken);
        if (JsonBody.Refusal(body, requestId) is { } unreadable)
            return Refused(unreadable, requestId);
        var parsed = parser.Parse(body.Bytes);
        if (Problems.Of(parsed, requestId) is { } invalid)
            return Refused(invalid, requestId);
        if (parsed.Request!.Reference is { } named && named != reference)
            return Refused(Problems.InvalidReference(requestId, "The body's reference, if given, must equal the path's."), requestId);

        var (resolved, unresolved) = await guests.ResolveAsync(parsed.Request with { Reference = reference }, requestId, cancellationToken);
        return unresolved ?? await lifecycle.PutAsync(reference, resolved!, CallerScope.Of(request.HttpContext), requestId, cancellationToken);
    }

    private async Task<ApiResponse> DeleteCoreAsync(HttpRequest request, string reference, string requestId, CancellationToken cancellationToken)
    {
        if (!CredentialReference.IsValid(reference))
            return Refused(InvalidPathReference(requestId), requestId);

        EventVersion? version = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // An optional body: {"version": ...}.
            if (JsonBody.CheckHeaders(request, requestId) is { } notReadable)
                return Refused(notReadable, requestId);
            using var body = await JsonBody.ReadAsync(request.BodyReader, cancellationToken);
            if (JsonBody.Refusal(body, requestId) is { } unreadable)
                return Refused(unreadable, requestId);
            if (CreateCredentialRequestParser.ParseHandle(body.Bytes, out _, out version) is { } refused)
                return Refused(Problems.Of(refused, requestId)!, requestId);
        }

        return await lifecycle.RevokeAsync(reference, version, CallerScope.Of(request.HttpContext), requestId, cancellationToken);
    }

    private static ApiResponse InvalidPathReference(string requestId) =>
        Problems.InvalidReference(requestId, "The path's reference must be " + CredentialReference.Rule + ".");

    private ApiResponse Refused(ApiResponse answer, string requestId) => EndpointRunner.Refused(logger, answer, requestId);
}
