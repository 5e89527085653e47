using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Notifications;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Sends each queued notification to the caller's target. A failed send is queued again after its delay by the
/// delivery itself (the host's own retries are for this function failing, e.g. storage down).
/// </summary>
internal sealed class NotificationsFunction(NotificationDelivery delivery)
{
    [Function("Notifications")]
    public async Task RunAsync([QueueTrigger(NotifyOptions.QueueName, Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken)
    {
        if (QueuedNotification.FromJson(message) is { } notification)
            await delivery.DeliverAsync(notification, cancellationToken);
    }
}
