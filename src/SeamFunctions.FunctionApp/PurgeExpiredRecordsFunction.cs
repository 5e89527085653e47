using Microsoft.Azure.Functions.Worker;
using SeamFunctions.Storage;

namespace SeamFunctions.FunctionApp;

/// <summary>Once a day (03:17 UTC), deletes idempotency and lifecycle records past their retention.</summary>
internal sealed class PurgeExpiredRecordsFunction(RecordJanitor janitor)
{
    [Function("PurgeExpiredRecords")]
    public Task RunAsync([TimerTrigger("0 17 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        janitor.PurgeAsync(cancellationToken);
}
