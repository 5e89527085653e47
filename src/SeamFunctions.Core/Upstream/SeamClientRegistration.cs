using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;

namespace SeamFunctions.Upstream;

internal static class SeamClientRegistration
{
    /// <summary>
    /// The Seam client: one <see cref="SocketsHttpHandler"/> for the app's life (it recycles its connections itself,
    /// so DNS changes are seen), reached through <see cref="SeamTransport"/>: a total time limit and a retry only when
    /// the connection could not even be made. A retry on 5xx or timeouts could create a second PIN, so there is none.
    /// No request logging of the handler's own: raw header values (the Authorization header, so the API key) would
    /// reach structured state; SeamClient logs status, timing and seam-request-id itself.
    /// </summary>
    public static IServiceCollection AddSeamClient(this IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SeamOptions>>().Value;
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                AllowAutoRedirect = false,
                UseCookies = false,
            };
            return new SeamTransport(new HttpMessageInvoker(handler), new Uri(options.BaseUrl.TrimEnd('/') + "/"), options.Timeout,
                provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<SeamClient>();
        return services;
    }
}
