using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Queues;
using SeamFunctions.Secrets;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Notifications;

/// <summary>
/// Sends one queued notification to its target, signed as Standard Webhooks with the notification's own stable id.
/// A 2xx ends it. Anything else queues it again after the next of <c>Notify__RetryDelays</c>; after the last, it
/// goes to the poison queue with an Error log naming the reference. The body is never logged.
/// </summary>
internal sealed partial class NotificationDelivery(
    NotifyTargets targets, IMessageQueue<QueuedNotification> queue, IHttpClientFactory clients, IOptions<NotifyOptions> options, TimeProvider time, ILogger<NotificationDelivery> logger)
{
    public const string HttpClientName = "SeamFunctions.Notify";
    public const string ActivitySourceName = "SeamFunctions.Notify";
    private static readonly ActivitySource Source = new(ActivitySourceName);

    public async Task DeliverAsync(QueuedNotification message, CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity("notify.deliver", ActivityKind.Client);
        activity?.SetTag("notification.type", message.Type);
        activity?.SetTag("notification.attempt", message.Attempt + 1);
        if (targets.UrlFor(message.Scope) is not { } url)
        {
            NotifyLog.NoTarget(logger, message.Id, message.Type);
            return;
        }

        var status = await SendAsync(url, message, cancellationToken);
        activity?.SetTag("http.response.status_code", status);
        if (status is >= 200 and < 300)
        {
            NotifyLog.Delivered(logger, message.Id, message.Type, message.Attempt + 1, status.Value);
            return;
        }

        await AfterFailureAsync(message, status, cancellationToken);
    }

    private async Task AfterFailureAsync(QueuedNotification message, int? status, CancellationToken cancellationToken)
    {
        var delays = options.Value.Delays();
        if (message.Attempt < delays.Count)
        {
            var delay = delays[message.Attempt];
            await queue.EnqueueAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
            NotifyLog.WillRetry(logger, message.Id, message.Type, message.Attempt + 1, status ?? 0, delay);
            return;
        }

        await queue.PoisonAsync(message, cancellationToken);
        NotifyLog.GaveUp(logger, message.Id, message.Type, message.Reference, message.Attempt + 1, NotifyOptions.PoisonQueueName);
    }

    /// <summary>The target's status code; null when it could not be reached in time or the secret could not be read.</summary>
    private async Task<int?> SendAsync(Uri url, QueuedNotification message, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await targets.Secret.GetAsync(cancellationToken);
            var body = Encoding.UTF8.GetBytes(message.Body);
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("webhook-id", message.Id);
            request.Headers.Add("webhook-timestamp", timestamp);
            request.Headers.Add("webhook-signature", SignatureSchemes.SignStandardWebhooks(secret, message.Id, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SecretUnavailableException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            NotifyLog.Unreachable(logger, message.Id, message.Type, e.GetType().Name);
            return null;
        }
    }

    private static partial class NotifyLog
    {
        [LoggerMessage(EventId = 8100, EventName = "NotificationDelivered", Level = LogLevel.Information,
            Message = "Notification {NotificationId} ({Type}) delivered on attempt {Attempt}: {StatusCode}")]
        public static partial void Delivered(ILogger logger, string notificationId, string type, int attempt, int statusCode);

        [LoggerMessage(EventId = 8101, EventName = "NotificationRetrying", Level = LogLevel.Warning,
            Message = "Notification {NotificationId} ({Type}) not taken on attempt {Attempt} (status {StatusCode}, 0: not reached); next try in {Delay}")]
        public static partial void WillRetry(ILogger logger, string notificationId, string type, int attempt, int statusCode, TimeSpan delay);

        [LoggerMessage(EventId = 8102, EventName = "NotificationPoisoned", Level = LogLevel.Error,
            Message = "Notification {NotificationId} ({Type}) for reference {Reference} was not taken after {Attempts} attempts; it is in the {PoisonQueue} queue")]
        public static partial void GaveUp(ILogger logger, string notificationId, string type, string reference, int attempts, string poisonQueue);

        [LoggerMessage(EventId = 8103, EventName = "NotificationTargetUnreachable", Level = LogLevel.Warning,
            Message = "Notification {NotificationId} ({Type}) could not be sent: {Failure}")]
        public static partial void Unreachable(ILogger logger, string notificationId, string type, string failure);

        [LoggerMessage(EventId = 8104, EventName = "NotificationWithoutTarget", Level = LogLevel.Debug,
            Message = "Notification {NotificationId} ({Type}) dropped: no Notify__Url for its scope any more")]
        public static partial void NoTarget(ILogger logger, string notificationId, string type);
    }
}
