using Microsoft.Extensions.Logging;

namespace SeamFunctions.Idempotency;

/// <summary>The exactly-once machinery. Keys are never logged, only where they came from.</summary>
internal static partial class IdempotencyLog
{
    [LoggerMessage(EventId = 4000, EventName = "IdempotencyOutcome", Level = LogLevel.Information,
        Message = "Request {RequestId} with idempotency key from {KeySource}: {Outcome}")]
    public static partial void Outcome(ILogger logger, string requestId, string keySource, string outcome);

    [LoggerMessage(EventId = 4001, EventName = "IdempotencyLostLease", Level = LogLevel.Warning,
        Message = "An idempotency record of scope {Scope} changed under its owner (lease expired?); its answer was not stored")]
    public static partial void LostLease(ILogger logger, string scope);

    [LoggerMessage(EventId = 4002, EventName = "IdempotencyInMemory", Level = LogLevel.Warning,
        Message = "Idempotency records are kept in memory: single instance only, lost on restart. Configure AzureWebJobsStorage for Azure Table Storage.")]
    public static partial void InMemoryStore(ILogger logger);

    [LoggerMessage(EventId = 4003, EventName = "IdempotencyStore", Level = LogLevel.Information,
        Message = "Idempotency records are kept in {Store}")]
    public static partial void Store(ILogger logger, string store);

    [LoggerMessage(EventId = 4004, EventName = "IdempotencyStoreFailed", Level = LogLevel.Error,
        Message = "The idempotency store failed ({ExceptionType}), request {RequestId}")]
    public static partial void StoreFailed(ILogger logger, string exceptionType, string requestId);

    [LoggerMessage(EventId = 4005, EventName = "IdempotencyPurged", Level = LogLevel.Information,
        Message = "Purged {Count} expired {Kind} records from {Store}")]
    public static partial void Purged(ILogger logger, int count, string kind, string store);
}
