using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using SeamFunctions.Events;
using SeamFunctions.Notifications;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Fires each minute and reads pending access again at Seam every <c>Notify__PollInterval</c> (Flex Consumption runs
/// CRON timers only, so the interval is kept in code, counted from midnight UTC).
/// </summary>
internal sealed class PollPendingAccessFunction(PendingAccessPoller poller, IOptions<NotifyOptions> options, TimeProvider time)
{
    [Function("PollPendingAccess")]
    public async Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (PendingAccessPoller.IsDue(time.GetUtcNow(), options.Value.PollInterval))
            await poller.PollAsync(cancellationToken);
    }
}
