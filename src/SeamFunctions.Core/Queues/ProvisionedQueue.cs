using Azure;
using Azure.Storage.Queues;

namespace SeamFunctions.Queues;

/// <summary>
/// A queue that is created on first use (Azurite, local runs). In Azure the template creates it and the identity's
/// queue data role does not allow creating queues: a 403 then means "already provisioned". A failure is tried again
/// on the next use.
/// </summary>
internal sealed class ProvisionedQueue(QueueClient queue)
{
    private volatile bool _exists;

    public async ValueTask<QueueClient> GetAsync(CancellationToken cancellationToken)
    {
        if (_exists)
            return queue;
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
        }

        _exists = true;
        return queue;
    }
}
