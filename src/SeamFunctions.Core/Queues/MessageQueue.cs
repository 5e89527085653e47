using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SeamFunctions.Queues;

/// <summary>
/// One of the app's queues (<c>seam-notifications</c>, <c>seam-commands</c>) and its poison queue. In Azure a queue
/// trigger receives; the DevServer's <see cref="QueuePump{TMessage}"/> does it with <see cref="ReceiveAsync"/> and
/// <see cref="CompleteAsync"/>.
/// </summary>
internal interface IMessageQueue<TMessage>
    where TMessage : class
{
    /// <summary>Where the messages are: <c>memory</c> or <c>azure-queue</c>.</summary>
    string Name { get; }

    /// <summary>Queues <paramref name="message"/>, visible after <paramref name="delay"/>.</summary>
    Task EnqueueAsync(TMessage message, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Moves <paramref name="message"/> to the poison queue, where it stays for someone to look at.</summary>
    Task PoisonAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>The next visible message, hidden from other receivers while it is handled; null after <paramref name="wait"/> without one.</summary>
    Task<Received<TMessage>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>The received message was handled: it leaves the queue.</summary>
    Task CompleteAsync(Received<TMessage> received, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> of the poisoned messages that <paramref name="which"/> picks, left where they are.</summary>
    Task<IReadOnlyList<TMessage>> PeekPoisonedAsync(int max, Func<TMessage, bool> which, CancellationToken cancellationToken);

    /// <summary>
    /// Moves up to <paramref name="max"/> of the poisoned messages that <paramref name="which"/> picks back to the queue,
    /// each once, as <paramref name="again"/> makes it (visible at once); returns the ones moved.
    /// </summary>
    Task<IReadOnlyList<TMessage>> ReplayPoisonedAsync(int max, Func<TMessage, bool> which, Func<TMessage, TMessage> again, CancellationToken cancellationToken);
}

/// <summary>A received message (null when its text is not one) and the queue's handle on it.</summary>
internal sealed record Received<TMessage>(TMessage? Message, string Handle, string? Receipt)
    where TMessage : class;

/// <summary>A queue message's text: JSON of its own type (source-generated); null for text that is not one.</summary>
internal static class MessageText
{
    public static string Of<TMessage>(TMessage message, JsonTypeInfo<TMessage> type) => JsonSerializer.Serialize(message, type);

    public static TMessage? Read<TMessage>(string text, JsonTypeInfo<TMessage> type)
        where TMessage : class
    {
        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Messages in this process's memory: for the DevServer only. As a storage queue does, a received message stays
/// hidden for <see cref="Hidden"/> and comes back unless completed (a handler that failed); a restart forgets
/// everything. The poison queue is a list a test can read.
/// </summary>
internal sealed class MemoryMessageQueue<TMessage>(TimeProvider time) : IMessageQueue<TMessage>, IDisposable
    where TMessage : class
{
    public static readonly TimeSpan Hidden = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly List<Entry> _waiting = [];
    private readonly List<TMessage> _poisoned = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private long _handles;

    private sealed record Entry(long Handle, TMessage Message)
    {
        public DateTimeOffset VisibleAt { get; set; }
    }

    public string Name => "memory";

    public IReadOnlyList<TMessage> Poisoned
    {
        get
        {
            lock (_lock)
                return [.. _poisoned];
        }
    }

    public Task EnqueueAsync(TMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_lock)
            _waiting.Add(new Entry(Interlocked.Increment(ref _handles), message) { VisibleAt = time.GetUtcNow() + delay });
        _arrived.Release();
        return Task.CompletedTask;
    }

    public Task PoisonAsync(TMessage message, CancellationToken cancellationToken)
    {
        lock (_lock)
            _poisoned.Add(message);
        return Task.CompletedTask;
    }

    public async Task<Received<TMessage>?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + wait;
        while (true)
        {
            var (next, nextVisible) = TakeVisible();
            if (next is not null)
                return new Received<TMessage>(next.Message, next.Handle.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            var now = time.GetUtcNow();
            if (now >= until)
                return null;
            var nap = (nextVisible ?? until) < until ? nextVisible!.Value - now : until - now;
            await _arrived.WaitAsync(nap < TimeSpan.Zero ? TimeSpan.Zero : nap, cancellationToken);
        }
    }

    public Task CompleteAsync(Received<TMessage> received, CancellationToken cancellationToken)
    {
        var handle = long.Parse(received.Handle, System.Globalization.CultureInfo.InvariantCulture);
        lock (_lock)
            _waiting.RemoveAll(e => e.Handle == handle);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TMessage>> PeekPoisonedAsync(int max, Func<TMessage, bool> which, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<TMessage>>([.. _poisoned.Where(which).Take(max)]);
    }

    public async Task<IReadOnlyList<TMessage>> ReplayPoisonedAsync(int max, Func<TMessage, bool> which, Func<TMessage, TMessage> again, CancellationToken cancellationToken)
    {
        List<TMessage> moved;
        lock (_lock)
        {
            moved = [.. _poisoned.Where(which).Take(max)];
            foreach (var message in moved)
                _poisoned.Remove(message);
        }

        foreach (var message in moved)
            await EnqueueAsync(again(message), TimeSpan.Zero, cancellationToken);
        return moved;
    }

    public void Dispose() => _arrived.Dispose();

    /// <summary>The first visible message, now hidden for <see cref="Hidden"/>; else when the next one becomes visible.</summary>
    private (Entry? Message, DateTimeOffset? NextVisible) TakeVisible()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_waiting.Find(w => w.VisibleAt <= now) is { } entry)
            {
                entry.VisibleAt = now + Hidden;
                return (entry, null);
            }

            return (null, _waiting.Count == 0 ? null : _waiting.Min(w => w.VisibleAt));
        }
    }
}
