using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SeamFunctions.Notifications;

namespace SeamFunctions.Events;

/// <summary>The DevServer's stand-in for the poll's timer trigger: <see cref="PendingAccessPoller"/> every <c>Notify__PollInterval</c>.</summary>
internal sealed class PendingAccessPollTimer(PendingAccessPoller poller, IOptions<NotifyOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await poller.PollAsync(stoppingToken); // it logs and ends a failing tick itself
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
