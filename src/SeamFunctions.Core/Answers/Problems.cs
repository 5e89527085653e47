using SeamFunctions.Upstream;
using SeamFunctions.Validation;

namespace SeamFunctions.Answers;

/// <summary>
/// Builds every failure (an <see cref="Outcome.Failed"/>; the edge renders it as <c>application/problem+json</c>). Details say what to fix and whether a retry can help; they never carry
/// exception text, the API key, or the PIN (Seam's own messages are scrubbed of it).
/// </summary>
internal static class Problems
{
    public static Outcome.Failed InvalidJson(string requestId, string detail) =>
        Make(400, ProblemCodes.InvalidJson, "The body is not a JSON object", detail, retryable: false, requestId);

    public static Outcome.Failed InvalidRequest(string requestId, ValidationErrors errors) =>
        Make(400, ProblemCodes.InvalidRequest, "The request has missing or invalid fields",
            "Fix the fields listed in errors and send the request again.", retryable: false, requestId,
            errors: errors.ToDictionary());

    /// <summary>The refusal a parse result stands for (<c>invalid_json</c> or <c>invalid_request</c>); null for a valid request.</summary>
    public static Outcome.Failed? Of(ParseResult parsed, string requestId) =>
        parsed.InvalidJsonDetail is { } detail ? InvalidJson(requestId, detail)
        : parsed.Errors is { } errors ? InvalidRequest(requestId, errors)
        : null;

    public static Outcome.Failed UnsupportedMediaType(string requestId) =>
        Make(415, ProblemCodes.UnsupportedMediaType, "The body must be JSON",
            "Send the body with Content-Type: application/json.", retryable: false, requestId);

    public static Outcome.Failed PayloadTooLarge(string requestId, int limitBytes) =>
        Make(413, ProblemCodes.PayloadTooLarge, "The body is too large",
            $"The body may be at most {limitBytes / 1024} KiB.", retryable: false, requestId);

    public static Outcome.Failed SecretUnavailable(string requestId) =>
        Make(503, ProblemCodes.SecretUnavailable, "The Seam API key cannot be read right now",
            "The adapter could not read its Seam API key from Key Vault. Nothing was sent to Seam; retry later. " +
            "If this persists, check the vault, the secret name and the app's access to it.",
            retryable: true, requestId, retryAfter: TimeSpan.FromSeconds(15));

    public static Outcome.Failed InternalError(string requestId) =>
        Make(500, ProblemCodes.InternalError, "Unexpected error",
            "Something unexpected went wrong in the adapter. Quote the request_id when you report it.",
            retryable: false, requestId);

    public static Outcome.Failed InvalidIdempotencyKey(string requestId, string header, string message) =>
        Make(400, ProblemCodes.InvalidRequest, "The request has missing or invalid fields",
            "Fix the fields listed in errors and send the request again.", retryable: false, requestId,
            errors: new Dictionary<string, string[]> { [header] = [message] });

    /// <summary>Unknown and disabled sources look alike: nothing tells which sources exist.</summary>
    public static Outcome.Failed NotFound(string requestId) =>
        Make(404, ProblemCodes.NotFound, "Not found", "There is nothing at this address.", retryable: false, requestId);

    public static Outcome.Failed SignatureRefused(string requestId, Webhooks.SignatureCheck check) => check switch
    {
        Webhooks.SignatureCheck.Missing => Make(401, ProblemCodes.MissingSignature, "The request is not signed",
            "This source requires signed requests; the signature headers are missing.", retryable: false, requestId),
        Webhooks.SignatureCheck.Stale => Make(401, ProblemCodes.StaleTimestamp, "The signature's timestamp is too old or in the future",
            "Sign each delivery when it is sent, and check the sender's clock.", retryable: false, requestId),
        _ => Make(401, ProblemCodes.InvalidSignature, "The signature does not match",
            "The signature does not match this body and this source's secret. Sign the exact bytes you send.", retryable: false, requestId),
    };

    public static Outcome.Failed IdempotencyKeyReused(string requestId) =>
        Make(422, ProblemCodes.IdempotencyKeyReused, "The idempotency key was used for a different request",
            "This key already belongs to a request with other values. Use a new key for a new request.",
            retryable: false, requestId);

    /// <summary>The 409 of a key or reference still held, with <c>Retry-After</c> the wait in whole seconds (1 s to 1 h).</summary>
    public static Outcome.Failed IdempotencyInProgress(string requestId, TimeSpan wait) =>
        Make(409, ProblemCodes.IdempotencyInProgress, "A request with this idempotency key is still in progress",
            "Retry with the same key after Retry-After seconds to get its answer.",
            retryable: true, requestId, retryAfter: TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 3600)));

    public static Outcome.Failed IdempotencyStoreUnavailable(string requestId) =>
        Make(503, ProblemCodes.IdempotencyStoreUnavailable, "Retries cannot be made safe right now",
            "The adapter could not reach the store that makes retries safe, so it sent nothing to Seam. Retry with the same key later.",
            retryable: true, requestId, retryAfter: TimeSpan.FromSeconds(5));

    public static Outcome.Failed UnknownUnit(string requestId) =>
        Make(422, ProblemCodes.UnknownUnit, "The delivery names a unit the adapter does not know",
            "The sender's unit (room, listing) is not in this source's Units setting, so no entrance can be chosen. Add it there; resending as is will not help.",
            retryable: false, requestId);

    public static Outcome.Failed CredentialNotFound(string requestId) =>
        Make(404, ProblemCodes.CredentialNotFound, "No credential has this reference",
            "This adapter holds no credential for this reference (for this caller). Create one with PUT or POST first.",
            retryable: false, requestId);

    /// <summary>A path or body value that is not a usable reference, or a body reference that differs from the path's.</summary>
    public static Outcome.Failed InvalidReference(string requestId, string message) =>
        Make(400, ProblemCodes.InvalidRequest, "The request has missing or invalid fields",
            "Fix the fields listed in errors and send the request again.", retryable: false, requestId,
            errors: new Dictionary<string, string[]> { [FieldNames.Reference] = [message] });

    /// <summary>The answer for every way a Seam call can fail.</summary>
    /// <param name="deviceId">The lock the call was for, when Seam refused a PIN on one of several.</param>
    public static Outcome.Failed FromUpstream(SeamCallResult result, string requestId, string? code, string? deviceId = null) => result switch
    {
        SeamCallResult.Rejected { Status: 404 } r => Make(404, SeamErrorText.NotFoundType(r.Error?.Type) ?? ProblemCodes.UpstreamNotFound, "Not found in Seam",
            SeamErrorText.Scrub(r.Error?.Message, code) ?? "Seam does not know the ACS user, user identity, system or device in this request.",
            retryable: false, requestId, seamRequestId: r.SeamRequestId, seamErrorType: r.Error?.Type, deviceId: deviceId),
        SeamCallResult.Rejected r => Make(422, ProblemCodes.UpstreamRejected, "Seam rejected the request",
            SeamErrorText.Scrub(r.Error?.Message, code) ?? $"Seam answered {r.Status} without details.",
            retryable: false, requestId, errors: SeamErrorText.FieldMessages(r.Error?.ValidationErrors, code),
            seamRequestId: r.SeamRequestId, seamErrorType: r.Error?.Type, deviceId: deviceId),
        SeamCallResult.RateLimited r => Make(429, ProblemCodes.RateLimited, "Seam is rate limiting requests",
            "Too many requests reached Seam. Retry after the time in Retry-After.",
            retryable: true, requestId, seamRequestId: r.SeamRequestId, retryAfter: r.RetryAfter ?? TimeSpan.FromSeconds(1)),
        SeamCallResult.AuthFailed r => Make(502, ProblemCodes.UpstreamAuthFailed, "Seam refused the adapter's API key",
            "Seam refused the API key also after it was read again. This is the adapter's configuration, not your request: " +
            "put a valid key in the vault secret, then retry.",
            retryable: false, requestId, seamRequestId: r.SeamRequestId),
        SeamCallResult.TimedOut => Make(504, ProblemCodes.UpstreamTimeout, "Seam did not answer in time",
            "Seam did not answer in time. It may still have created the credential: check before retrying, or retry with the same idempotency key.",
            retryable: true, requestId, seamMayHaveActed: true),
        SeamCallResult.Unavailable { SeamMayHaveActed: false } => Make(502, ProblemCodes.UpstreamUnavailable, "Seam is unavailable",
            "Seam could not be reached; nothing was sent to it. Retry later.", retryable: true, requestId),
        SeamCallResult.Unavailable r => Make(502, ProblemCodes.UpstreamUnavailable, "Seam is unavailable",
            "Seam could not be reached or gave no usable answer. It may have created the credential if the request reached it: " +
            "check before retrying, or retry with the same idempotency key.",
            retryable: true, requestId, seamRequestId: r.SeamRequestId, seamMayHaveActed: true),
        SeamCallResult.Superseded => IdempotencyInProgress(requestId, TimeSpan.FromSeconds(1)),
        _ => InternalError(requestId),
    };

    private static Outcome.Failed Make(
        int status, string code, string title, string detail, bool retryable, string requestId,
        IReadOnlyDictionary<string, string[]>? errors = null, string? seamRequestId = null,
        string? seamErrorType = null, TimeSpan? retryAfter = null, string? deviceId = null, bool seamMayHaveActed = false) =>
        new(new ProblemAnswer
        {
            Type = ProblemCodes.TypePrefix + code,
            Title = title,
            Status = status,
            Detail = detail,
            Code = code,
            Retryable = retryable,
            RequestId = requestId,
            Errors = errors,
            SeamRequestId = seamRequestId,
            SeamErrorType = seamErrorType,
            DeviceId = deviceId,
        }, retryAfter, seamMayHaveActed);
}
