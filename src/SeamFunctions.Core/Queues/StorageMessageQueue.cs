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

    /// <summary>A look at the poison queue: Azure Storage peeks at most 32 messages, so that is the most a look shows.</summary>
    public async Task<IReadOnlyList<TMessage>> PeekPoisonedAsync(int max, Func<TMessage, bool> which, CancellationToken cancellationToken)
    {
        var poison = await _poison.GetAsync(cancellationToken);
        var peeked = (await poison.PeekMessagesAsync(MaxBatch, cancellationToken)).Value;
        return [.. peeked.Select(m => MessageText.Read(m.MessageText, type)).OfType<TMessage>().Where(which).Take(max)];
    }

    /// <summary>
    /// Receives the poison queue a batch at a time (each hidden while it is looked at), sends each picked message to the
    /// queue and then deletes it from the poison queue: a crash in between leaves it in both, and its handler runs it once
    /// (a notification's id, a command's sequence). Messages not picked, or not ours, show again after <see cref="Looked"/>.
    /// </summary>
    public async Task<IReadOnlyList<TMessage>> ReplayPoisonedAsync(int max, Func<TMessage, bool> which, Func<TMessage, TMessage> again, CancellationToken cancellationToken)
    {
        var (poison, queue) = (await _poison.GetAsync(cancellationToken), await _queue.GetAsync(cancellationToken));
        var moved = new List<TMessage>();
        while (moved.Count < max)
        {
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(MaxBatch, max - moved.Count), Looked, cancellationToken)).Value;
            if (batch.Length == 0)
                break;
            foreach (var received in batch)
            {
                if (MessageText.Read(received.MessageText, type) is not { } message || !which(message))
                    continue;
                await queue.SendMessageAsync(MessageText.Of(again(message), type), cancellationToken);
                await poison.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
                moved.Add(message);
            }
        }

        return moved;
    }

    private const int MaxBatch = 32;
    private static readonly TimeSpan Looked = TimeSpan.FromSeconds(30);

    /// <summary>Queue visibility is in whole seconds: a shorter wait is rounded up, never dropped to none.</summary>
    private static TimeSpan Seconds(TimeSpan delay) => TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
}
