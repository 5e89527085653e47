using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SeamFunctions.Storage;

namespace SeamFunctions.Queues;

internal static class QueueRegistration
{
    /// <summary>How long a message the DevServer received stays hidden while it is handled (the Functions host renews its own).</summary>
    public const string HiddenSetting = "Queues:Hidden";

    /// <summary>A queue in the app's storage account (with its identity; Azurite by connection string), or in memory when none is configured.</summary>
    public static IServiceCollection AddMessageQueue<TMessage>(this IServiceCollection services, IConfiguration configuration, string name, JsonTypeInfo<TMessage> type)
        where TMessage : class
    {
        var hidden = configuration.GetValue(HiddenSetting, TimeSpan.FromMinutes(5));
        if (StorageAccount.Queues(configuration) is { } queues)
            services.TryAddSingleton<IMessageQueue<TMessage>>(provider => new StorageMessageQueue<TMessage>(queues(provider), name, type, hidden));
        else
            services.TryAddSingleton<IMessageQueue<TMessage>, MemoryMessageQueue<TMessage>>();
        return services;
    }
}
