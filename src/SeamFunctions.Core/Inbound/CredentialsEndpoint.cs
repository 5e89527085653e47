using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/credentials</c> and <c>POST /api/sources/{source}/credentials</c>, shared by the function app and
/// the DevServer. They read the body, verify a signed delivery, and translate the request into one command
/// (<see cref="CommandChecks"/>, keys by <see cref="KeyPolicy"/>) that <see cref="CommandHandler"/> runs.
/// </summary>
internal sealed class CredentialsEndpoint(
    AccessRequestParser parser,
    WebhookVerifier webhooks,
    DeliveryLedger ledger,
    CommandHandler commands,
    Intake.CommandIntake intake,
    ILogger<CredentialsEndpoint> logger)
{
    public const string Route = "credentials";
    public const string SourceRoute = "sources/{source}/credentials";

    // The function-key route is the hot path: its delegate is made once, not per request.
    private Func<HttpRequest, string, CancellationToken, Task<Outcome>>? _answerCaller;

    /// <summary>Callers with a function key (Power Automate, Logic Apps).</summary>
    public Task HandleAsync(HttpContext context) => EndpointRunner.RunAsync(context, logger, _answerCaller ??= AnswerCallerAsync);

    /// <summary>A named webhook source: its signature over the raw body is the authentication.</summary>
    public Task HandleSourceAsync(HttpContext context, string source) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => AnswerSourceAsync(request, source, requestId, cancellationToken));

    private async Task<Outcome> AnswerCallerAsync(HttpRequest request, string requestId, CancellationToken cancellationToken)
    {
        var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
        using var body = read.Body;
        if (read.Refusal is { } unreadable)
            return unreadable;

        var parsed = parser.Parse(body.Bytes);
        if (Problems.Of(parsed, requestId) is { } invalid)
            return Refused(invalid, requestId);
        if (!KeyPolicy.ForCaller(request.Headers, parsed.Request!.Reference, out var key, out var keyError))
            return Refused(Problems.InvalidIdempotencyKey(requestId, keyError!.Field, keyError.Message), requestId);
        var command = CommandChecks.Create(parsed.Request, key, generatedCodeLength: null, CallerScope.Of(request.HttpContext), requestId);
        return command.Refusal is { } refusal
            ? Refused(refusal, requestId)
            : await intake.RunAsync(command.Command!, Preferences.RespondAsync(request.Headers), cancellationToken);
    }

    private async Task<Outcome> AnswerSourceAsync(HttpRequest request, string sourceName, string requestId, CancellationToken cancellationToken)
    {
        var read = await EndpointRunner.ReadJsonAsync(request, logger, requestId, cancellationToken);
        using var body = read.Body;
        if (read.Refusal is { } unreadable)
            return unreadable;

        var delivery = await webhooks.VerifyAsync(sourceName, request, body.Bytes, requestId, cancellationToken);
        if (delivery.Refusal is { } unverified)
            return unverified;
        if (delivery.Action == DeliveryAction.Ignore)
            return await commands.RunAsync(new AccessCommand.Ignore(delivery.Source!.Scope, requestId, delivery.Source.Name, delivery.ShownEvent), cancellationToken);
        return await AppliedOnceAsync(delivery, body.Bytes, requestId, cancellationToken);
    }

    /// <summary>
    /// A verified delivery, applied at most once: one the source sent before (same signed id, or same bytes) replays
    /// its first answer, whatever happened since, so a resent booking cannot bring back a revoked PIN.
    /// </summary>
    private async Task<Outcome> AppliedOnceAsync(VerifiedDelivery delivery, ReadOnlySequence<byte> rawBody, string requestId, CancellationToken cancellationToken)
    {
        var key = DeliveryLedger.KeyOf(delivery.SignedId, rawBody);
        return await ledger.AppliedOnceAsync(delivery.Source!.Scope, key, requestId,
            () => RunOrQueueAsync(Translate(delivery, rawBody, requestId), requestId, cancellationToken), cancellationToken);
    }

    /// <summary>A delivery's event, as a command: revoke reads only the (mapped) reference and version.</summary>
    private Checked Translate(VerifiedDelivery delivery, ReadOnlySequence<byte> rawBody, string requestId)
    {
        var source = delivery.Source!;
        if (delivery.Action == DeliveryAction.Revoke)
        {
            return AccessRequestParser.ParseHandle(delivery.Payload, out var reference, out var version) is { } refused
                ? Checked.Refuse(Problems.Of(refused, requestId)!)
                : CommandChecks.Revoke(reference, CommandChecks.MappedReferenceRule, version, source.Scope, requestId);
        }

        var parsed = parser.Parse(delivery.Payload, source.LocalTimes, codeMayBeGenerated: true, grants: source.Options.AccessModel is { } model ? Configuration.AccessModels.IsGrants(model) : null);
        if (Problems.Of(parsed, requestId) is { } invalid)
            return Checked.Refuse(invalid);
        var access = parsed.Request! with { BackupCodes = source.Options.BackupCodes };
        return delivery.Action == DeliveryAction.Upsert
            ? CommandChecks.Upsert(access.Reference, CommandChecks.MappedReferenceRule, access, source.Options.CodeLength, source.Scope, requestId)
            : CommandChecks.Create(access, KeyPolicy.ForDelivery(delivery.SignedId, access.Reference, rawBody), source.Options.CodeLength, source.Scope, requestId);
    }

    /// <summary>A delivery's command runs now, or is queued while Seam cannot take it (the sender gets a 202, not an error to retry).</summary>
    private async Task<Outcome> RunOrQueueAsync(Checked command, string requestId, CancellationToken cancellationToken) =>
        command.Refusal is { } refusal ? Refused(refusal, requestId) : await intake.RunOrQueueAsync(command.Command!, cancellationToken);

    private Outcome.Failed Refused(Outcome.Failed answer, string requestId) => EndpointRunner.Refused(logger, answer, requestId);
}
