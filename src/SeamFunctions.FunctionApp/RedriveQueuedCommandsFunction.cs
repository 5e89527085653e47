using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Intake;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Each minute (at second 30, apart from the poll): a queued command whose message the host moved to
/// <c>seam-commands-poison</c>, or that was lost, gets a new one (<see cref="QueuedCommandRedrive"/>).
/// </summary>
internal sealed class RedriveQueuedCommandsFunction(QueuedCommandRedrive redrive)
{
    [Function("RedriveQueuedCommands")]
    public Task RunAsync([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) => redrive.RedriveAsync(cancellationToken);
}
