using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SeamFunctions.Queues;

/// <summary>
/// The DevServer's stand-in for a Functions queue trigger: <see cref="Concurrency"/> receivers take messages one at a
/// time each and hand them to <see cref="HandleAsync"/>, completing a message only once it was handled. A handler
/// that throws leaves its message to be received again once its hidden time is over (memory: it is lost with the
/// process anyway).
/// </summary>
internal abstract partial class QueuePump<TMessage>(IMessageQueue<TMessage> queue, ILogger logger) : BackgroundService
    where TMessage : class
{
    /// <summary>How many messages are handled at once (the trigger's batch size).</summary>
    protected virtual int Concurrency => 1;

    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(() => ReceiveLoopAsync(stoppingToken), CancellationToken.None)));

    private async Task ReceiveLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await queue.ReceiveAsync(TimeSpan.FromSeconds(1), stoppingToken) is not { } received)
                    continue;
                if (received.Message is { } message)
                    await HandleAsync(message, stoppingToken);
                else
                    Log.Unreadable(logger, typeof(TMessage).Name, queue.Name);
                await queue.CompleteAsync(received, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // stopping: a message being handled is received again once its hidden time is over
            }
            catch (Exception e)
            {
                Log.Failed(logger, typeof(TMessage).Name, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8106, EventName = "QueuedMessageUnreadable", Level = LogLevel.Warning,
            Message = "A message in the {Queue} queue ({Store}) is not one; it is dropped")]
        public static partial void Unreadable(ILogger logger, string queue, string store);

        [LoggerMessage(EventId = 8107, EventName = "QueuePumpFailed", Level = LogLevel.Warning,
            Message = "Handling a queued {Queue} failed: {Failure}; it is received again after its hidden time")]
        public static partial void Failed(ILogger logger, string queue, string failure);
    }
}
