using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.ApiKey;
using SeamFunctions.Configuration;
using SeamFunctions.Idempotency;
using SeamFunctions.Logging;
using SeamFunctions.Validation;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Inbound;

/// <summary>
/// <c>POST /api/credentials</c> and <c>POST /api/sources/{source}/credentials</c>, shared by the function app and
/// the DevServer: request id, content checks, signature (sources), parse and validate, issue exactly once,
/// write the one normalized answer.
/// </summary>
internal sealed class CredentialsEndpoint(
    CreateCredentialRequestParser parser,
    ExactlyOnceIssuer issuer,
    WebhookSources sources,
    IOptions<KeyVaultOptions> keyVault,
    TimeProvider time,
    ILogger<CredentialsEndpoint> logger)
{
    public const string Route = "credentials";
    public const string SourceRoute = "sources/{source}/credentials";

    /// <summary>Callers with a function key (Power Automate, Logic Apps).</summary>
    public Task HandleAsync(HttpContext context) => RunAsync(context, sourceName: null);

    /// <summary>A named webhook source: the signature is checked on the raw body before anything else.</summary>
    public Task HandleSourceAsync(HttpContext context, string source) => RunAsync(context, source);

    private async Task RunAsync(HttpContext context, string? sourceName)
    {
        var requestId = RequestIds.Accept(context);
        var cancellationToken = context.RequestAborted;
        ApiResponse answer;
        try
        {
            answer = await AnswerAsync(context.Request, sourceName, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.CallerWentAway(logger, requestId);
            return;
        }
        catch (Exception e)
        {
            // The one path for the unexpected: the exception goes to the log, never to the caller.
            Log.Unexpected(logger, e, requestId);
            answer = Problems.InternalError(requestId);
        }

        await ResponseWriter.WriteAsync(context.Response, answer, cancellationToken);
    }

    private async Task<ApiResponse> AnswerAsync(HttpRequest request, string? sourceName, string requestId, CancellationToken cancellationToken)
    {
        WebhookSource? source = null;
        string? secret = null;
        if (sourceName is not null)
        {
            source = sources.Find(sourceName);
            if (source is null)
            {
                Log.WebhookSourceUnknown(logger, requestId);
                return Problems.NotFound(requestId);
            }

            try
            {
                secret = await source.Secret.GetAsync(cancellationToken);
            }
            catch (SecretUnavailableException)
            {
                return Problems.SecretUnavailable(requestId);
            }
        }

        switch (JsonBody.CheckHeaders(request))
        {
            case JsonBody.Refusal.NotJson:
                return Refused(Problems.UnsupportedMediaType(requestId), requestId);
            case JsonBody.Refusal.TooLarge:
                return Refused(Problems.PayloadTooLarge(requestId, JsonBody.MaxBytes), requestId);
        }

        var now = time.GetUtcNow();
        var (fits, (signature, parsed, refusedBody)) = await JsonBody.ReadAsync(request.BodyReader,
            body => Read(body, source, secret, request.Headers, now), cancellationToken);
        if (!fits)
            return Refused(Problems.PayloadTooLarge(requestId, JsonBody.MaxBytes), requestId);
        if (signature == SignatureCheck.Invalid && await RotatedSecretAsync(source!, secret!, cancellationToken) is { } rotated)
            (signature, parsed, _) = Read(new ReadOnlySequence<byte>(refusedBody!), source, rotated, request.Headers, now);
        if (signature != SignatureCheck.Valid)
        {
            Log.WebhookRefused(logger, source!.Name, signature.ToString(), requestId);
            return Problems.SignatureRefused(requestId, signature);
        }

        if (parsed!.InvalidJsonDetail is { } detail)
            return Refused(Problems.InvalidJson(requestId, detail), requestId);
        if (parsed.Errors is { } errors)
            return Refused(Problems.InvalidRequest(requestId, errors), requestId);
        if (!IdempotencyKey.TryRead(request, parsed.Request!.Reference, out var key, out var keyError))
            return Refused(Problems.InvalidIdempotencyKey(requestId, IdempotencyKey.Header, keyError!), requestId);

        var scope = source?.Scope ?? CallerScope.Of(request.HttpContext);
        return await issuer.IssueAsync(parsed.Request, key, scope, requestId, cancellationToken);
    }

    /// <summary>
    /// Signature first, on the exact bytes received; only a verified body is mapped and parsed. A body whose
    /// signature does not match is kept (copied, at most 64 KiB) in case the source's secret has just rotated.
    /// </summary>
    private (SignatureCheck, ParseResult?, byte[]?) Read(ReadOnlySequence<byte> body, WebhookSource? source, string? secret, IHeaderDictionary headers, DateTimeOffset now)
    {
        if (source is null)
            return (SignatureCheck.Valid, parser.Parse(body), null);

        var signature = SignatureSchemes.Verify(source.Options, secret!, headers, body, now);
        return signature switch
        {
            SignatureCheck.Valid => (signature, source.Map is null ? parser.Parse(body) : parser.Parse(source.Map.Apply(body)), null),
            SignatureCheck.Invalid => (signature, null, body.ToArray()),
            _ => (signature, null, null),
        };
    }

    /// <summary>
    /// A signature that does not match may mean the secret was rotated in the vault: read it again, at most once
    /// per <c>KeyVault__RetryAfterFailure</c> however many bad signatures arrive. Null when it did not change.
    /// </summary>
    private async Task<string?> RotatedSecretAsync(WebhookSource source, string refused, CancellationToken cancellationToken)
    {
        try
        {
            var current = await source.Secret.ReloadAfterRejectionAsync(refused, cancellationToken, keyVault.Value.RetryAfterFailure);
            return string.Equals(current, refused, StringComparison.Ordinal) ? null : current;
        }
        catch (SecretUnavailableException)
        {
            return null;
        }
    }

    private ApiResponse Refused(ApiResponse answer, string requestId)
    {
        Log.Refused(logger, requestId, answer.ProblemCode!);
        return answer;
    }
}
