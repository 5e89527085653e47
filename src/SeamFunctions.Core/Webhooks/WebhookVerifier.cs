using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Answers;
using SeamFunctions.Configuration;
using SeamFunctions.Secrets;
using SeamFunctions.Inbound;
using SeamFunctions.Validation;

namespace SeamFunctions.Webhooks;

/// <summary>
/// The signed step of <c>POST /api/sources/{source}/credentials</c>, in the order that keeps it safe: find the
/// source, read its secret, verify the signature over the exact bytes received (reading the secret once more
/// if it does not match, in case it was just rotated), and only then map the sender's payload to our fields.
/// Nothing of an unverified body is parsed.
/// </summary>
internal sealed class WebhookVerifier(
    WebhookSources sources,
    IOptions<KeyVaultOptions> keyVault,
    TimeProvider time,
    ILogger<WebhookVerifier> logger)
{
    public async Task<VerifiedDelivery> VerifyAsync(
        string sourceName, HttpRequest request, ReadOnlySequence<byte> body, string requestId, CancellationToken cancellationToken)
    {
        if (sources.Find(sourceName) is not { } source)
        {
            WebhookLog.SourceUnknown(logger, requestId);
            return VerifiedDelivery.Refused(Problems.NotFound(requestId));
        }

        if (await CheckSignatureAsync(source, request, body, requestId, cancellationToken) is { } refused)
            return VerifiedDelivery.Refused(refused);

        return source.Map is { } map
            ? Mapped(source, map, body, SignatureSchemes.SignedId(source.Options, request.Headers), requestId)
            : VerifiedDelivery.Accepted(source, body, SignatureSchemes.SignedId(source.Options, request.Headers), eventValue: null);
    }

    /// <summary>
    /// The signature over the exact bytes received, with the source's secret (read once more if it does not match,
    /// in case it was just rotated): null when valid, else the refusal (<c>401</c>, or <c>503</c> without a secret).
    /// </summary>
    public async Task<Outcome.Failed?> CheckSignatureAsync(
        WebhookSource source, HttpRequest request, ReadOnlySequence<byte> body, string requestId, CancellationToken cancellationToken)
    {
        string secret;
        try
        {
            secret = await source.Secret.GetAsync(cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            return Problems.SecretUnavailable(requestId);
        }

        var now = time.GetUtcNow();
        var signature = SignatureSchemes.Verify(source.Options, secret, request, body, now);
        if (signature == SignatureCheck.Invalid && await RotatedSecretAsync(source, secret, cancellationToken) is { } rotated)
            signature = SignatureSchemes.Verify(source.Options, rotated, request, body, now);
        if (signature == SignatureCheck.Valid)
            return null;
        WebhookLog.Refused(logger, source.Name, signature.ToString(), requestId);
        return Problems.SignatureRefused(requestId, signature);
    }

    /// <summary>
    /// A verified delivery through its source's field map. A body that cannot be read is refused (never taken for
    /// an event that asks for nothing: that would drop a cancellation); a create or upsert whose unit opens nothing
    /// is refused; a revoke needs no unit.
    /// </summary>
    private VerifiedDelivery Mapped(WebhookSource source, FieldMap map, ReadOnlySequence<byte> body, string? signedId, string requestId)
    {
        if (AccessRequestParser.CheckReadable(body) is { } unreadable)
        {
            RequestLog.Refused(logger, requestId, ProblemCodes.InvalidJson);
            return VerifiedDelivery.Refused(Problems.Of(unreadable, requestId)!);
        }

        var mapped = map.Apply(body);
        if (mapped.Refusal is { } ambiguous)
        {
            RequestLog.Refused(logger, requestId, ProblemCodes.InvalidRequest);
            return VerifiedDelivery.Refused(Problems.InvalidRequest(requestId, ambiguous));
        }

        var delivery = VerifiedDelivery.Accepted(source, new ReadOnlySequence<byte>(mapped.Body), signedId, mapped.Event);
        if (mapped.UnknownUnit is { } unit && delivery.Action is DeliveryAction.Create or DeliveryAction.Upsert)
        {
            WebhookLog.UnknownUnit(logger, source.Name, unit.Length == 0 ? "(none)" : VerifiedDelivery.Shown(unit)!, requestId);
            return VerifiedDelivery.Refused(Problems.UnknownUnit(requestId));
        }

        return delivery;
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
}
