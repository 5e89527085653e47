namespace SeamFunctions.Notifications;

/// <summary>
/// The queue notifications wait in (<c>seam-notifications</c>) and the poison queue those the target never took end
/// in. In Azure the queue trigger receives; the DevServer's <see cref="NotificationPump"/> does it with
/// <see cref="ReceiveAsync"/> and <see cref="CompleteAsync"/>.
/// </summary>
internal interface INotificationQueue
{
    string Name { get; }

    /// <summary>Queues <paramref name="message"/>, visible after <paramref name="delay"/>.</summary>
    Task EnqueueAsync(QueuedNotification message, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Moves <paramref name="message"/> to the poison queue, where it stays for someone to look at.</summary>
    Task PoisonAsync(QueuedNotification message, CancellationToken cancellationToken);

    /// <summary>The next visible message, hidden from other receivers while it is handled; null after <paramref name="wait"/> without one.</summary>
    Task<ReceivedNotification?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>The received message was handled: it leaves the queue.</summary>
    Task CompleteAsync(ReceivedNotification received, CancellationToken cancellationToken);
}

/// <summary>A received message (null when its text is not a notification) and the queue's handle on it.</summary>
internal sealed record ReceivedNotification(QueuedNotification? Message, string Handle, string? Receipt);

/// <summary>
/// Notifications in this process's memory: for the DevServer only. A restart forgets what is queued; the poison
/// queue is a list a test can read.
/// </summary>
internal sealed class MemoryNotificationQueue(TimeProvider time) : INotificationQueue, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(DateTimeOffset VisibleAt, QueuedNotification Message)> _waiting = [];
    private readonly List<QueuedNotification> _poisoned = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public string Name => "memory";

    public IReadOnlyList<QueuedNotification> Poisoned
    {
        get
        {
            lock (_lock)
                return [.. _poisoned];
        }
    }

    public Task EnqueueAsync(QueuedNotification message, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_lock)
            _waiting.Add((time.GetUtcNow() + delay, message));
        _arrived.Release();
        return Task.CompletedTask;
    }

    public Task PoisonAsync(QueuedNotification message, CancellationToken cancellationToken)
    {
        lock (_lock)
            _poisoned.Add(message);
        return Task.CompletedTask;
    }

    public async Task<ReceivedNotification?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + wait;
        while (true)
        {
            var (next, nextVisible) = TakeVisible();
            if (next is not null)
                return new ReceivedNotification(next, next.Id, null);
            var now = time.GetUtcNow();
            if (now >= until)
                return null;
            var nap = (nextVisible ?? until) < until ? nextVisible!.Value - now : until - now;
            await _arrived.WaitAsync(nap < TimeSpan.Zero ? TimeSpan.Zero : nap, cancellationToken);
        }
    }

    public Task CompleteAsync(ReceivedNotification received, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _arrived.Dispose();

    private (QueuedNotification? Message, DateTimeOffset? NextVisible) TakeVisible()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var index = _waiting.FindIndex(w => w.VisibleAt <= now);
            if (index >= 0)
            {
                var message = _waiting[index].Message;
                _waiting.RemoveAt(index);
                return (message, null);
            }

            return (null, _waiting.Count == 0 ? null : _waiting.Min(w => w.VisibleAt));
        }
    }
}
