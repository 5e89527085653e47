using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Intake;
using SeamFunctions.Queues;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Runs each queued command (a signed delivery Seam could not take, or a request that asked to respond async). Its
/// retries are queued by the processor itself; the host's own are for this function failing (storage down).
/// </summary>
internal sealed class CommandsFunction(IntakeProcessor processor)
{
    [Function("Commands")]
    public async Task RunAsync([QueueTrigger(IntakeOptions.QueueName, Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken)
    {
        if (MessageText.Read(message, QueuedCommandJsonContext.Default.QueuedCommandMessage) is { } command)
            await processor.ProcessAsync(command, cancellationToken);
    }
}
