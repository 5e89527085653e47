using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Queues;

namespace SeamFunctions.Queues;

/// <summary>
/// A queue in the app's storage account (Azurite locally) and its <c>-poison</c> queue, messages base64-encoded as
/// the Functions queue trigger reads them by default. A received message stays hidden for <paramref name="hidden"/>;
/// one not completed by then (an instance that died) is received again.
/// </summary>
internal sealed class StorageMessageQueue<TMessage>(QueueServiceClient service, string queueName, JsonTypeInfo<TMessage> type, TimeSpan hidden)
    : IMessageQueue<TMessage>
    where TMessage : class
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private readonly ProvisionedQueue _queue = new(service.GetQueueClient(queueName));
    private readonly ProvisionedQueue _poison = new(service.GetQueueClient(queueName + "-poison"));

    public string Name => "azure-queue";

    public async Task EnqueueAsync(TMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        await queue.SendMessageAsync(MessageText.Of(message, type), visibilityTimeout: Seconds(delay), cancellationToken: cancellationToken);
    }

    public async Task PoisonAsync(TMessage message, CancellationToken cancellationToken)
    {
        var poison = await _poison.GetAsync(cancellationToken);
        await poison.SendMessageAsync(MessageText.Of(message, type), cancellationToken: cancellationToken);
    }

    public async Task<Received<TMessage>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var received = (await queue.ReceiveMessageAsync(hidden, cancellationToken)).Value;
            if (received is not null)
                return new Received<TMessage>(MessageText.Read(received.MessageText, type), received.MessageId, received.PopReceipt);
            if (DateTimeOffset.UtcNow >= until)
                return null;
            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    public async Task CompleteAsync(Received<TMessage> received, CancellationToken cancellationToken)
    {
        var queue = await _queue.GetAsync(cancellationToken);
        await queue.DeleteMessageAsync(received.Handle, received.Receipt, cancellationToken);
    }

    /// <summary>Queue visibility is in whole seconds: a shorter wait is rounded up, never dropped to none.</summary>
    private static TimeSpan Seconds(TimeSpan delay) => TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
}
