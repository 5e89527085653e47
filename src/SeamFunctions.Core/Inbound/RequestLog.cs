using Microsoft.Extensions.Logging;

namespace SeamFunctions.Inbound;

/// <summary>
/// A request's way through the adapter. Constant templates; none takes a PIN, a key, a header or a body: only
/// ids, codes and statuses.
/// </summary>
internal static partial class RequestLog
{
    [LoggerMessage(EventId = 1000, EventName = "CredentialCreated", Level = LogLevel.Information,
        Message = "Credential {AcsCredentialId} created for request {RequestId} (seam_request_id {SeamRequestId}, status {CredentialStatus})")]
    public static partial void CredentialCreated(ILogger logger, string requestId, string? seamRequestId, string acsCredentialId, string credentialStatus);

    [LoggerMessage(EventId = 1001, EventName = "Refused", Level = LogLevel.Information,
        Message = "Request {RequestId} refused before reaching Seam: {ProblemCode}")]
    public static partial void Refused(ILogger logger, string requestId, string problemCode);

    [LoggerMessage(EventId = 1002, EventName = "Failed", Level = LogLevel.Warning,
        Message = "Request {RequestId} failed: {ProblemCode} (seam_request_id {SeamRequestId})")]
    public static partial void Failed(ILogger logger, string requestId, string problemCode, string? seamRequestId);

    [LoggerMessage(EventId = 1003, EventName = "CallerWentAway", Level = LogLevel.Information,
        Message = "Request {RequestId}: the caller went away before the answer")]
    public static partial void CallerWentAway(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1004, EventName = "Unexpected", Level = LogLevel.Error,
        Message = "Request {RequestId} failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 1005, EventName = "Unhealthy", Level = LogLevel.Warning,
        Message = "Health check {RequestId}: {OptionsType} has {FailureCount} configuration error(s)")]
    public static partial void Unhealthy(ILogger logger, string requestId, string optionsType, int failureCount);

    [LoggerMessage(EventId = 1010, EventName = "AccessCodesCreated", Level = LogLevel.Information,
        Message = "Request {RequestId}: access codes on {Locks} locks, status {CredentialStatus}")]
    public static partial void AccessCodesCreated(ILogger logger, string requestId, int locks, string credentialStatus);

    [LoggerMessage(EventId = 1011, EventName = "AccessGrantCreated", Level = LogLevel.Information,
        Message = "Access grant {AccessGrantId} created for request {RequestId} (seam_request_id {SeamRequestId}, {AccessMethods} access methods, status {CredentialStatus})")]
    public static partial void AccessGrantCreated(ILogger logger, string requestId, string? seamRequestId, string accessGrantId, int accessMethods, string credentialStatus);
}
