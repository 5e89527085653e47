using Microsoft.Extensions.Logging;

namespace SeamFunctions.Webhooks;

/// <summary>Signed deliveries. <c>Security:</c> lines name the source and the reason, never a signature, secret or body.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 5000, EventName = "WebhookRefused", Level = LogLevel.Warning,
        Message = "Security: webhook from source {Source} refused ({Reason}), request {RequestId}")]
    public static partial void Refused(ILogger logger, string source, string reason, string requestId);

    [LoggerMessage(EventId = 5001, EventName = "WebhookSourceUnknown", Level = LogLevel.Warning,
        Message = "Security: request {RequestId} for an unknown or disabled webhook source")]
    public static partial void SourceUnknown(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5003, EventName = "WebhookIgnored", Level = LogLevel.Information,
        Message = "Webhook from source {Source} ignored: event {Event} asks for nothing, request {RequestId}")]
    public static partial void Ignored(ILogger logger, string source, string? @event, string requestId);

    [LoggerMessage(EventId = 5004, EventName = "WebhookUnknownUnit", Level = LogLevel.Warning,
        Message = "Webhook from source {Source} names unit {Unit}, which neither Webhooks__Sources__<name>__Units nor __Devices lists; request {RequestId}")]
    public static partial void UnknownUnit(ILogger logger, string source, string unit, string requestId);

    [LoggerMessage(EventId = 5002, EventName = "WebhookSecretWeak", Level = LogLevel.Error,
        Message = "Security: the secret of webhook source {Source} is refused: {Reason}. Deliveries get 503 until the vault holds a usable one.")]
    public static partial void SecretRefused(ILogger logger, string source, string reason);
}
