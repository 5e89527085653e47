using Microsoft.Extensions.Logging;
using SeamFunctions.Queues;

namespace SeamFunctions.Intake;

/// <summary>
/// A queued command whose message is long overdue — the host moved it to <c>seam-commands-poison</c> after five
/// failed dequeues (the storage down a while), or it was lost — gets a new message, so a GET's <c>202</c> is never
/// a promise nothing keeps. Run each minute (the <c>RedriveQueuedCommands</c> timer; the DevServer's own). A message
/// names its row's sequence, so a command runs once however many messages name it. Each re-drive is a Warning
/// naming the reference.
/// </summary>
internal sealed partial class QueuedCommandRedrive(IQueuedCommandStore queued, IMessageQueue<QueuedCommandMessage> queue, TimeProvider time, ILogger<QueuedCommandRedrive> logger)
{
    /// <summary>How long past its next run a queued command waits before it is taken for lost (a busy queue drains well before).</summary>
    public static readonly TimeSpan Overdue = TimeSpan.FromMinutes(5);

    /// <summary>Gives each overdue command a new message; how many it re-drove.</summary>
    public async Task<int> RedriveAsync(CancellationToken cancellationToken)
    {
        var (now, redriven) = (time.GetUtcNow(), 0);
        try
        {
            await foreach (var row in queued.OverdueAsync(now - Overdue, cancellationToken))
            {
                row.NextAttemptAt = now; // claimed: another instance's sweep leaves it alone
                if (!await queued.TryReplaceAsync(row, cancellationToken))
                    continue;
                await queue.EnqueueAsync(new QueuedCommandMessage(row.Scope, row.Key, row.Sequence), TimeSpan.Zero, cancellationToken);
                Log.Redriven(logger, row.Reference, row.Attempts);
                redriven++;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, e.GetType().Name); // the store or the queue still down: the next minute tries again
        }

        return redriven;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8206, EventName = "QueuedCommandRedriven", Level = LogLevel.Warning,
            Message = "Queued command for reference {Reference} had no message any more (poisoned or lost) after {Attempts} runs; it was given a new one")]
        public static partial void Redriven(ILogger logger, string reference, int attempts);

        [LoggerMessage(EventId = 8207, EventName = "QueuedCommandRedriveFailed", Level = LogLevel.Warning,
            Message = "Looking for queued commands without a message failed ({Failure}); the next minute tries again")]
        public static partial void Failed(ILogger logger, string failure);
    }
}

/// <summary>The DevServer's stand-in for the <c>RedriveQueuedCommands</c> timer: <see cref="QueuedCommandRedrive"/> each minute.</summary>
internal sealed class QueuedCommandRedriveTimer(QueuedCommandRedrive redrive, TimeProvider time) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await redrive.RedriveAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
