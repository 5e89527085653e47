using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Guests;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/credentials</c> and <c>POST /api/sources/{source}/credentials</c>, shared by the function app and
/// the DevServer. One path, read straight down: content checks, body, (signed delivery verified), parse,
/// idempotency key, issue exactly once (by reference, when it has one), the one normalized answer.
/// </summary>
internal sealed class CredentialsEndpoint(
    CreateCredentialRequestParser parser,
    WebhookVerifier webhooks,
    DeliveryLedger ledger,
    ExactlyOnceIssuer issuer,
    CredentialLifecycle lifecycle,
    GuestResolver guests,
    ILogger<CredentialsEndpoint> logger)
{
    public const string Route = "credentials";
    public const string SourceRoute = "sources/{source}/credentials";

    /// <summary>Callers with a function key (Power Automate, Logic Apps).</summary>
    public Task HandleAsync(HttpContext context) => EndpointRunner.RunAsync(context, logger, _answerCaller ??= AnswerCallerAsync);

    /// <summary>A named webhook source: its signature over the raw body is the authentication.</summary>
    public Task HandleSourceAsync(HttpContext context, string source) =>
        EndpointRunner.RunAsync(context, logger, (request, requestId, cancellationToken) => AnswerAsync(request, source, requestId, cancellationToken));

    // The function-key route is the hot path: its delegate is made once, not per request.
    private Func<HttpRequest, string, CancellationToken, Task<ApiResponse>>? _answerCaller;

    private Task<ApiResponse> AnswerCallerAsync(HttpRequest request, string requestId, CancellationToken cancellationToken) =>
        AnswerAsync(request, sourceName: null, requestId, cancellationToken);

    private async Task<ApiResponse> AnswerAsync(HttpRequest request, string? sourceName, string requestId, CancellationToken cancellationToken)
    {
        if (JsonBody.CheckHeaders(request, requestId) is { } notReadable)
            return Refused(notReadable, requestId);

        using var body = await JsonBody.ReadAsync(request.BodyReader, cancellationToken);
        if (JsonBody.Refusal(body, requestId) is { } unreadable)
            return Refused(unreadable, requestId);

        if (sourceName is null)
            return await ApplyAsync(request, body.Bytes, delivery: null, requestId, cancellationToken);

        var delivery = await webhooks.VerifyAsync(sourceName, request, body.Bytes, requestId, cancellationToken);
        return delivery.Refusal ?? await AnswerDeliveryAsync(request, delivery, body.Bytes, requestId, cancellationToken);
    }

    /// <summary>
    /// A verified delivery, applied at most once: one the source sent before (same signed id, or same bytes) replays
    /// its first answer, whatever happened since, so a resent booking cannot bring back a revoked PIN.
    /// </summary>
    private async Task<ApiResponse> AnswerDeliveryAsync(
        HttpRequest request, VerifiedDelivery delivery, ReadOnlySequence<byte> rawBody, string requestId, CancellationToken cancellationToken)
    {
        var source = delivery.Source!;
        if (delivery.Action == DeliveryAction.Ignore)
        {
            WebhookLog.Ignored(logger, source.Name, delivery.ShownEvent, requestId);
            return ApiResponse.Ignored(new IgnoredAnswer { Event = delivery.ShownEvent, RequestId = requestId });
        }

        var key = DeliveryLedger.KeyOf(delivery.SignedId, rawBody);
        try
        {
            if (await ledger.ReplayAsync(source.Scope, key, requestId, cancellationToken) is { } replay)
                return replay;
        }
        catch (StoreUnavailableException e)
        {
            IdempotencyLog.StoreFailed(logger, e.InnerException!.GetType().Name, requestId);
            return Problems.IdempotencyStoreUnavailable(requestId);
        }

        var answer = delivery.Action == DeliveryAction.Revoke
            ? await RevokeAsync(delivery, requestId, cancellationToken)
            : await ApplyAsync(request, rawBody, delivery, requestId, cancellationToken);
        await ledger.RecordAsync(source.Scope, key, answer, requestId);
        return answer;
    }

    /// <summary>A create (or a delivery's upsert): parse, resolve the guest, then exactly once, by reference when it has one.</summary>
    private async Task<ApiResponse> ApplyAsync(
        HttpRequest request, ReadOnlySequence<byte> rawBody, VerifiedDelivery? delivery, string requestId, CancellationToken cancellationToken)
    {
        var parsed = parser.Parse(delivery?.Payload ?? rawBody, delivery?.Source!.LocalTimes, codeMayBeGenerated: delivery is not null);
        if (Problems.Of(parsed, requestId) is { } invalid)
            return Refused(invalid, requestId);
        var credential = parsed.Request!;
        if (delivery is not null && credential is { AccessMethod: AccessMethod.Code, Code: null })
        {
            // The sender chose no PIN: the adapter makes one, and keeps it by the reference (the same delivery again gets the same PIN).
            if (!CredentialReference.IsValid(credential.Reference))
                return Refused(Problems.InvalidReference(requestId, "A generated PIN is kept by its reference: map one (Map__reference) of " + CredentialReference.Rule + ", or send a code."), requestId);
            credential = credential with { GeneratedCodeLength = delivery.Source!.Options.CodeLength };
        }

        var (resolved, unresolved) = await guests.ResolveAsync(credential, requestId, cancellationToken);
        if (unresolved is not null)
            return unresolved;
        credential = resolved!;

        IdempotencyKey? key = null;
        if (delivery is null && !IdempotencyKey.TryReadFromCaller(request, credential.Reference, out key, out var keyError))
            return Refused(Problems.InvalidIdempotencyKey(requestId, IdempotencyKey.Header, keyError!), requestId);

        var scope = delivery?.Source!.Scope ?? CallerScope.Of(request.HttpContext);
        if (delivery?.Action == DeliveryAction.Upsert)
        {
            return CredentialReference.IsValid(credential.Reference)
                ? await lifecycle.PutAsync(credential.Reference!, credential, scope, requestId, cancellationToken)
                : Refused(Problems.InvalidReference(requestId, UpsertNeedsReference), requestId);
        }

        // A reference that can name the credential later (PUT, DELETE, GET) is the credential's handle for its whole stay.
        return CredentialReference.IsValid(credential.Reference)
            ? await lifecycle.CreateAsync(credential.Reference!, credential, scope, requestId, cancellationToken)
            : await issuer.IssueAsync(credential, key ?? DeliveryKey(delivery, credential, rawBody), scope, requestId, cancellationToken);
    }

    /// <summary>A delivery's key from signed material only (see <see cref="IdempotencyKey.OfDelivery"/>); null for callers.</summary>
    private static IdempotencyKey? DeliveryKey(VerifiedDelivery? delivery, CreateCredentialRequest credential, ReadOnlySequence<byte> rawBody) =>
        delivery is null ? null : IdempotencyKey.OfDelivery(delivery.SignedId, credential.Reference, rawBody);

    private const string UpsertNeedsReference =
        "This event changes a credential by its reference: map one (Map__reference) of " + CredentialReference.Rule + ".";

    /// <summary>A revoke delivery: only the (mapped) reference and version are read.</summary>
    private async Task<ApiResponse> RevokeAsync(VerifiedDelivery delivery, string requestId, CancellationToken cancellationToken)
    {
        if (CreateCredentialRequestParser.ParseHandle(delivery.Payload, out var reference, out var version) is { } refused)
            return Refused(Problems.Of(refused, requestId)!, requestId);

        return CredentialReference.IsValid(reference)
            ? await lifecycle.RevokeAsync(reference!, version, delivery.Source!.Scope, requestId, cancellationToken)
            : Refused(Problems.InvalidReference(requestId, UpsertNeedsReference), requestId);
    }

    private ApiResponse Refused(ApiResponse answer, string requestId) => EndpointRunner.Refused(logger, answer, requestId);
}
