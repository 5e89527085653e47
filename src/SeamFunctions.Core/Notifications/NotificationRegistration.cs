using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeamFunctions.Configuration;
using SeamFunctions.Queues;

namespace SeamFunctions.Notifications;

internal static class NotificationRegistration
{
    /// <summary>Notifications to the caller: the queue (the app's storage account, or memory), the producer and the sender.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotifyOptions>().Bind(configuration.GetSection(NotifyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotifyOptions>>(provider => new NotifyOptionsValidator(
            provider.GetRequiredService<IOptions<Webhooks.WebhookOptions>>(), provider.GetRequiredService<IOptions<KeyVaultOptions>>()));
        services.AddMessageQueue(configuration, NotifyOptions.QueueName, NotificationJsonContext.Default.QueuedNotification);
        services.TryAddSingleton<NotifyTargets>();
        services.TryAddSingleton<Notifier>();
        services.TryAddSingleton<NotificationDelivery>();
        services.AddHttpClient(NotificationDelivery.HttpClientName, http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // Notify__Timeout, per delivery
                http.DefaultRequestHeaders.UserAgent.ParseAdd("SeamFunctions/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                AllowAutoRedirect = false, // a signed body goes only where it was configured to
            })
            .RemoveAllLoggers(); // the factory's logs would carry the URL, which may hold the target's own token
        return services;
    }
}
