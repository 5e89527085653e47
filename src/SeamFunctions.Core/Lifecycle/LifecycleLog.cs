using Microsoft.Extensions.Logging;

namespace SeamFunctions.Lifecycle;

/// <summary>Lifecycle steps by request id, credential id and state; never the reference, the PIN or a body.</summary>
internal static partial class LifecycleLog
{
    [LoggerMessage(EventId = 6000, EventName = "LifecycleApplied", Level = LogLevel.Information,
        Message = "Request {RequestId}: {Operation} -> {State} (credential {AcsCredentialId})")]
    public static partial void Applied(ILogger logger, string requestId, string operation, string state, string? acsCredentialId);

    [LoggerMessage(EventId = 6001, EventName = "LifecycleStale", Level = LogLevel.Information,
        Message = "Request {RequestId}: {Operation} carries an older version than the last applied; nothing changed")]
    public static partial void Stale(ILogger logger, string requestId, string operation);

    [LoggerMessage(EventId = 6002, EventName = "LifecycleRecordLost", Level = LogLevel.Warning,
        Message = "Request {RequestId}: the lifecycle record changed under its lease; the outcome was not stored")]
    public static partial void RecordLost(ILogger logger, string requestId);

    [LoggerMessage(EventId = 6003, EventName = "LifecycleStoreFailed", Level = LogLevel.Error,
        Message = "Request {RequestId}: the lifecycle store failed ({ExceptionType})")]
    public static partial void StoreFailed(ILogger logger, string requestId, string exceptionType);

    [LoggerMessage(EventId = 6004, EventName = "LifecycleRetried", Level = LogLevel.Warning,
        Message = "Request {RequestId}: Seam's answer to {Operation} was ambiguous; sent once more (safe to repeat)")]
    public static partial void Retried(ILogger logger, string requestId, string operation);
}
