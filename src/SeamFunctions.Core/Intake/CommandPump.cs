using Microsoft.Extensions.Logging;
using SeamFunctions.Queues;

namespace SeamFunctions.Intake;

/// <summary>The DevServer's stand-in for the <c>seam-commands</c> queue trigger, eight at a time (host.json's batch size).</summary>
internal sealed class CommandPump(IMessageQueue<QueuedCommandMessage> queue, IntakeProcessor processor, ILogger<CommandPump> logger)
    : QueuePump<QueuedCommandMessage>(queue, logger)
{
    protected override int Concurrency => 8;

    protected override Task HandleAsync(QueuedCommandMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, cancellationToken);
}
