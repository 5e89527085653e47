using Microsoft.Extensions.Logging;

namespace SeamFunctions.Secrets;

/// <summary>Secret reads: where from and how they went. Never the value.</summary>
internal static partial class SecretLog
{
    [LoggerMessage(EventId = 3000, EventName = "SecretRead", Level = LogLevel.Information,
        Message = "Secret read from {Source}")]
    public static partial void Read(ILogger logger, string source);

    [LoggerMessage(EventId = 3001, EventName = "SecretReadFailedServingStale", Level = LogLevel.Warning,
        Message = "Reading the secret from {Source} failed ({ExceptionType}); serving the value read {AgeSeconds:F0} s ago")]
    public static partial void ReadFailedServingStale(ILogger logger, string source, string exceptionType, double ageSeconds);

    [LoggerMessage(EventId = 3002, EventName = "SecretReadFailed", Level = LogLevel.Error,
        Message = "Reading the secret from {Source} failed ({ExceptionType}) and no cached value can be served")]
    public static partial void ReadFailed(ILogger logger, string source, string exceptionType);
}
