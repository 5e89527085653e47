using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeamFunctions.Lifecycle;
using SeamFunctions.Queues;
using SeamFunctions.Storage;

namespace SeamFunctions.Intake;

internal static class IntakeRegistration
{
    /// <summary>Queued commands: their rows and Seam's shared backoff beside the lifecycle records, the <c>seam-commands</c> queue.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        if (StorageAccount.Tables(configuration) is { } tables)
        {
            services.TryAddSingleton<IQueuedCommandStore>(provider =>
                new TableQueuedCommandStore(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
            services.TryAddSingleton<ISeamBackoff>(provider =>
                new TableSeamBackoff(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
        }
        else
        {
            services.TryAddSingleton<IQueuedCommandStore, MemoryQueuedCommandStore>();
            services.TryAddSingleton<ISeamBackoff, MemorySeamBackoff>();
        }

        services.AddMessageQueue(configuration, IntakeOptions.QueueName, QueuedCommandJsonContext.Default.QueuedCommandMessage);
        services.TryAddSingleton<CommandIntake>();
        services.TryAddSingleton<IntakeProcessor>();
        services.TryAddSingleton<QueuedCommandRedrive>();
        return services;
    }
}
