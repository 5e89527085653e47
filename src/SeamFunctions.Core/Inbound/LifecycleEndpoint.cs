using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Lifecycle;
using SeamFunctions.Validation;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>PUT</c>, <c>DELETE</c> and <c>GET /api/credentials/{reference}</c>: one guest's PIN for the whole stay, by
/// the caller's own reference, scoped by the caller's function key. PUT and DELETE become commands with the same
/// checks as a signed upsert and revoke (<see cref="CommandChecks"/>); GET is a query.
/// </summary>
internal sealed class LifecycleEndpoint(
    AccessRequestParser parser, CommandHandler commands, Intake.CommandIntake intake, Webhooks.WebhookSources sources, ILogger<LifecycleEndpoint> logger)
{
    public const string Route = "credentials/{reference}";

    public Task PutAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => PutCoreAsync(request, reference, requestId, cancellationToken));

    public Task DeleteAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => DeleteCoreAsync(request, reference, requestId, cancellationToken));

    public Task GetAsync(HttpContext context, string reference) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) =>
            !CredentialReference.IsValid(reference) ? Task.FromResult<Outcome>(Refused(Problems.InvalidReference(requestId, CommandChecks.PathReferenceRule), requestId))
            : ScopeOf(request) is { } scope ? ReadAsync(reference, scope, requestId, cancellationToken)
            : Task.FromResult<Outcome>(Refused(Problems.NotFound(requestId), requestId)));

    /// <summary>
    /// The caller's own scope; with <c>?source=&lt;name&gt;</c>, that webhook source's (the reference a signed delivery's
    /// 202 named): a function key may read what a PMS made. Null for a source that is not configured.
    /// </summary>
    private string? ScopeOf(HttpRequest request) =>
        request.Query["source"].FirstOrDefault() is not { } name ? CallerScope.Of(request.HttpContext) : sources.Find(name)?.Scope;

    /// <summary>202 while a command for the reference is queued, its final problem once given up, else Seam's view.</summary>
    private async Task<Outcome> ReadAsync(string reference, string scope, string requestId, CancellationToken cancellationToken) =>
        await intake.QueuedStateAsync(reference, scope, requestId, cancellationToken)
            ?? await commands.ReadAsync(reference, scope, requestId, cancellationToken);

    private async Task<Outcome> PutCoreAsync(HttpRequest request, string reference, string requestId, CancellationToken cancellationToken)
    {
        var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
        using var body = read.Body;
        if (read.Refusal is { } unreadable)
            return unreadable;
        var parsed = parser.Parse(body.Bytes);
        if (Problems.Of(parsed, requestId) is { } invalid)
            return Refused(invalid, requestId);

        var command = CommandChecks.Upsert(reference, CommandChecks.PathReferenceRule, parsed.Request!, generatedCodeLength: null, CallerScope.Of(request.HttpContext), requestId);
        return command.Refusal is { } refused ? Refused(refused, requestId) : await intake.RunAsync(command.Command!, Preferences.RespondAsync(request.Headers), cancellationToken);
    }

    private async Task<Outcome> DeleteCoreAsync(HttpRequest request, string reference, string requestId, CancellationToken cancellationToken)
    {
        EventVersion? version = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // An optional body: {"version": ...}.
            var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
            using var body = read.Body;
            if (read.Refusal is { } unreadable)
                return unreadable;
            if (AccessRequestParser.ParseHandle(body.Bytes, out _, out version) is { } refused)
                return Refused(Problems.Of(refused, requestId)!, requestId);
        }

        var command = CommandChecks.Revoke(reference, CommandChecks.PathReferenceRule, version, CallerScope.Of(request.HttpContext), requestId);
        return command.Refusal is { } invalid ? Refused(invalid, requestId) : await intake.RunAsync(command.Command!, Preferences.RespondAsync(request.Headers), cancellationToken);
    }

    private Outcome.Failed Refused(Outcome.Failed answer, string requestId) => EndpointRunner.Refused(logger, answer, requestId);
}
