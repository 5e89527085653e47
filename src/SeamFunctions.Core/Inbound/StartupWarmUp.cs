using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SeamFunctions.Secrets;

namespace SeamFunctions.Inbound;

/// <summary>
/// What the first request on a new instance would otherwise wait for, begun when the host starts and not awaited
/// (start-up is not made longer): the Seam API key read once (from Key Vault: the managed identity's token and the
/// vault's answer, the slowest part of a cold request in Azure) and the request path's services built. A request that
/// arrives meanwhile waits for the same read rather than making its own; a failed read is the first request's to report.
/// </summary>
internal sealed class StartupWarmUp(IServiceProvider services, SecretCache keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmAsync()
    {
        try
        {
            await keys.GetAsync(CancellationToken.None);
        }
        catch (SecretUnavailableException)
        {
            // Logged by the cache; the first request answers secret_unavailable and the cache retries after its back-off.
        }

        _ = services.GetService<CredentialsEndpoint>();
        _ = services.GetService<LifecycleEndpoint>();
        _ = services.GetService<SeamEventsEndpoint>();
    }
}
