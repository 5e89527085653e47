using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Events;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Fires each minute (Flex Consumption runs CRON timers only): the readiness checks that are due, and every
/// <c>Notify__PollInterval</c> the poll of pending access (<see cref="MinuteTick"/>).
/// </summary>
internal sealed class PollPendingAccessFunction(MinuteTick tick)
{
    [Function("PollPendingAccess")]
    public Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) => tick.RunAsync(cancellationToken);
}
