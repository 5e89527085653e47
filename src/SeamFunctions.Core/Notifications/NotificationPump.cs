using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SeamFunctions.Notifications;

/// <summary>
/// The DevServer's stand-in for the Functions queue trigger: receives from <c>seam-notifications</c> one message at a
/// time and hands it to <see cref="NotificationDelivery"/>, completing it only once delivered, retried or poisoned.
/// </summary>
internal sealed partial class NotificationPump(INotificationQueue queue, NotificationDelivery delivery, ILogger<NotificationPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await queue.ReceiveAsync(TimeSpan.FromSeconds(1), stoppingToken) is not { } received)
                    continue;
                if (received.Message is { } message)
                    await delivery.DeliverAsync(message, stoppingToken);
                else
                    Log.Unreadable(logger, queue.Name);
                await queue.CompleteAsync(received, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Failed(logger, e.GetType().Name); // the message is received again once its hidden time is over
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8106, EventName = "NotificationUnreadable", Level = LogLevel.Warning,
            Message = "A message in the {Queue} notification queue is not a notification; it is dropped")]
        public static partial void Unreadable(ILogger logger, string queue);

        [LoggerMessage(EventId = 8107, EventName = "NotificationPumpFailed", Level = LogLevel.Warning,
            Message = "Handling a queued notification failed: {Failure}")]
        public static partial void Failed(ILogger logger, string failure);
    }
}
