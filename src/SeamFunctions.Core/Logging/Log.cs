using Microsoft.Extensions.Logging;

namespace SeamFunctions.Logging;

/// <summary>
/// Every log line the adapter writes, with constant templates. None takes a PIN, a key, a header or a body:
/// only ids, codes, statuses and timings.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Credential {AcsCredentialId} created for request {RequestId} (seam_request_id {SeamRequestId}, status {CredentialStatus})")]
    public static partial void CredentialCreated(ILogger logger, string requestId, string? seamRequestId, string acsCredentialId, string credentialStatus);

    [LoggerMessage(1001, LogLevel.Information, "Request {RequestId} refused before reaching Seam: {ProblemCode}")]
    public static partial void Refused(ILogger logger, string requestId, string problemCode);

    [LoggerMessage(1002, LogLevel.Warning, "Request {RequestId} failed: {ProblemCode} (seam_request_id {SeamRequestId})")]
    public static partial void Failed(ILogger logger, string requestId, string problemCode, string? seamRequestId);

    [LoggerMessage(1003, LogLevel.Information, "Request {RequestId}: the caller went away before the answer")]
    public static partial void CallerWentAway(ILogger logger, string requestId);

    [LoggerMessage(1004, LogLevel.Error, "Request {RequestId} failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(1005, LogLevel.Warning, "Health check {RequestId}: {OptionsType} has {FailureCount} configuration error(s)")]
    public static partial void Unhealthy(ILogger logger, string requestId, string optionsType, int failureCount);

    [LoggerMessage(2000, LogLevel.Information, "Seam answered {StatusCode} in {ElapsedMs:F1} ms (seam_request_id {SeamRequestId})")]
    public static partial void SeamAnswered(ILogger logger, int statusCode, string? seamRequestId, double elapsedMs);

    [LoggerMessage(2001, LogLevel.Warning, "Seam did not answer within the time limit ({ElapsedMs:F0} ms)")]
    public static partial void SeamTimedOut(ILogger logger, double elapsedMs);

    [LoggerMessage(2002, LogLevel.Warning, "Seam could not be reached ({HttpRequestError}) after {ElapsedMs:F0} ms")]
    public static partial void SeamUnreachable(ILogger logger, HttpRequestError httpRequestError, double elapsedMs);

    [LoggerMessage(2003, LogLevel.Warning, "Seam's answer could not be read (seam_request_id {SeamRequestId})")]
    public static partial void SeamAnswerUnreadable(ILogger logger, string? seamRequestId);

    [LoggerMessage(2004, LogLevel.Warning, "Seam refused the API key with {StatusCode} (seam_request_id {SeamRequestId}); re-read key differs: {KeyChanged}")]
    public static partial void SeamRejectedKey(ILogger logger, int statusCode, string? seamRequestId, bool keyChanged);

    [LoggerMessage(4000, LogLevel.Information, "Request {RequestId} with idempotency key from {KeySource}: {Outcome}")]
    public static partial void IdempotencyOutcome(ILogger logger, string requestId, string keySource, string outcome);

    [LoggerMessage(4001, LogLevel.Warning, "An idempotency record of scope {Scope} changed under its owner (lease expired?); its answer was not stored")]
    public static partial void IdempotencyLostLease(ILogger logger, string scope);

    [LoggerMessage(4002, LogLevel.Warning, "Idempotency records are kept in memory: single instance only, lost on restart. Configure AzureWebJobsStorage for Azure Table Storage.")]
    public static partial void InMemoryIdempotencyStore(ILogger logger);

    [LoggerMessage(4004, LogLevel.Error, "The idempotency store failed ({ExceptionType}), request {RequestId}")]
    public static partial void IdempotencyStoreFailed(ILogger logger, string exceptionType, string requestId);

    [LoggerMessage(4005, LogLevel.Information, "Purged {Count} expired idempotency records from {Store}")]
    public static partial void IdempotencyPurged(ILogger logger, int count, string store);

    [LoggerMessage(4003, LogLevel.Information, "Idempotency records are kept in {Store}")]
    public static partial void IdempotencyStore(ILogger logger, string store);

    [LoggerMessage(5000, LogLevel.Warning, "Security: webhook from source {Source} refused ({Reason}), request {RequestId}")]
    public static partial void WebhookRefused(ILogger logger, string source, string reason, string requestId);

    [LoggerMessage(5001, LogLevel.Warning, "Security: request {RequestId} for an unknown or disabled webhook source")]
    public static partial void WebhookSourceUnknown(ILogger logger, string requestId);

    [LoggerMessage(3000, LogLevel.Information, "Secret read from {Source}")]
    public static partial void ApiKeyRead(ILogger logger, string source);

    [LoggerMessage(3001, LogLevel.Warning, "Reading the secret from {Source} failed ({ExceptionType}); serving the value read {AgeSeconds:F0} s ago")]
    public static partial void ApiKeyReadFailedServingStale(ILogger logger, string source, string exceptionType, double ageSeconds);

    [LoggerMessage(3002, LogLevel.Error, "Reading the secret from {Source} failed ({ExceptionType}) and no cached value can be served")]
    public static partial void ApiKeyReadFailed(ILogger logger, string source, string exceptionType);

}
