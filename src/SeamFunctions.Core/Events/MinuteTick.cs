using Microsoft.Extensions.Options;
using SeamFunctions.Notifications;

namespace SeamFunctions.Events;

/// <summary>
/// What the minute timer does each time it fires, one tick at a time per instance (so a check and the poll never race
/// over a record): the readiness checks that are due (<see cref="ReadinessChecks"/>), then, every
/// <c>Notify__PollInterval</c>, the poll of pending access (<see cref="PendingAccessPoller"/>). Flex Consumption runs
/// CRON timers only, so the interval is kept here, counted from midnight UTC; one under a minute polls every tick.
/// </summary>
internal sealed class MinuteTick(ReadinessChecks checks, PendingAccessPoller poller, IOptions<NotifyOptions> options, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _oneTick = new(1, 1);

    /// <summary>How often the DevServer's timer fires: each minute, or at a poll interval under a minute.</summary>
    public TimeSpan Period => options.Value.PollInterval < Minute ? options.Value.PollInterval : Minute;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _oneTick.WaitAsync(cancellationToken);
        try
        {
            await checks.RunDueAsync(cancellationToken); // each logs and ends a failing run itself
            var interval = options.Value.PollInterval;
            if (interval < Minute || PendingAccessPoller.IsDue(time.GetUtcNow(), interval))
                await poller.PollAsync(cancellationToken);
        }
        finally
        {
            _oneTick.Release();
        }
    }

    public void Dispose() => _oneTick.Dispose();
}
