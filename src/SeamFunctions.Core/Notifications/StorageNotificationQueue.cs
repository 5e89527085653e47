using Azure.Storage.Queues;
using SeamFunctions.Storage;

namespace SeamFunctions.Notifications;

/// <summary>
/// Notifications in the app's storage account (Azurite locally): <c>seam-notifications</c> and its poison queue,
/// messages base64-encoded as the Functions queue trigger reads them by default. A received message stays hidden
/// for <see cref="Hidden"/>; one not completed by then (an instance that died) is received again.
/// </summary>
internal sealed class StorageNotificationQueue(QueueServiceClient service) : INotificationQueue
{
    private static readonly TimeSpan Hidden = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private readonly ProvisionedQueue _queue = new(service.GetQueueClient(NotifyOptions.QueueName));
    private readonly ProvisionedQueue _poison = new(service.GetQueueClient(NotifyOptions.PoisonQueueName));

    public string Name => "azure-queue";

    public async Task EnqueueAsync(QueuedNotification message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        await queue.SendMessageAsync(message.ToJson(), visibilityTimeout: Seconds(delay), cancellationToken: cancellationToken);
    }

    public async Task PoisonAsync(QueuedNotification message, CancellationToken cancellationToken)
    {
        var poison = await _poison.GetAsync(cancellationToken);
        await poison.SendMessageAsync(message.ToJson(), cancellationToken: cancellationToken);
    }

    public async Task<ReceivedNotification?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var received = (await queue.ReceiveMessageAsync(Hidden, cancellationToken)).Value;
            if (received is not null)
                return new ReceivedNotification(QueuedNotification.FromJson(received.MessageText), received.MessageId, received.PopReceipt);
            if (DateTimeOffset.UtcNow >= until)
                return null;
            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    public async Task CompleteAsync(ReceivedNotification received, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        await queue.DeleteMessageAsync(received.Handle, received.Receipt, cancellationToken);
    }

    /// <summary>Queue visibility is in whole seconds: a shorter wait is rounded up, never dropped to none.</summary>
    private static TimeSpan Seconds(TimeSpan delay) => TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
}
