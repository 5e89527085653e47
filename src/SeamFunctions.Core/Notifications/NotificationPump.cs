using Microsoft.Extensions.Logging;
using SeamFunctions.Queues;

namespace SeamFunctions.Notifications;

/// <summary>The DevServer's stand-in for the <c>seam-notifications</c> queue trigger.</summary>
internal sealed class NotificationPump(IMessageQueue<QueuedNotification> queue, NotificationDelivery delivery, ILogger<NotificationPump> logger)
    : QueuePump<QueuedNotification>(queue, logger)
{
    protected override Task HandleAsync(QueuedNotification message, CancellationToken cancellationToken) =>
        delivery.DeliverAsync(message, cancellationToken);
}
