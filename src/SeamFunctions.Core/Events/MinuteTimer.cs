using Microsoft.Extensions.Hosting;

namespace SeamFunctions.Events;

/// <summary>The DevServer's stand-in for the function app's minute timer (<c>PollPendingAccess</c>): <see cref="MinuteTick"/> each time it fires.</summary>
internal sealed class MinuteTimer(MinuteTick tick, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(tick.Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await tick.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
