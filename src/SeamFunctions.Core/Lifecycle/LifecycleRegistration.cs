using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SeamFunctions.Storage;

namespace SeamFunctions.Lifecycle;

internal static class LifecycleRegistration
{
    /// <summary>Lifecycle records next to the idempotency records (their own table), or in memory likewise.</summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidator>());
        if (StorageAccount.Tables(configuration) is { } tables)
        {
            services.TryAddSingleton<ICredentialRecordStore>(provider =>
                new TableCredentialRecordStore(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
            services.TryAddSingleton<Events.IUpstreamIndex>(provider =>
                new Events.TableUpstreamIndex(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
            services.TryAddSingleton<Events.IDeviceIndex>(provider =>
                new Events.TableDeviceIndex(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
            services.TryAddSingleton<Stays.IStayIndex>(provider =>
                new Stays.TableStayIndex(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<LifecycleOptions>>().Value.TableName)));
        }
        else
        {
            services.TryAddSingleton<ICredentialRecordStore, InMemoryCredentialRecordStore>();
            services.TryAddSingleton<Events.IUpstreamIndex, Events.MemoryUpstreamIndex>();
            services.TryAddSingleton<Events.IDeviceIndex, Events.MemoryDeviceIndex>();
            services.TryAddSingleton<Stays.IStayIndex, Stays.MemoryStayIndex>();
        }

        services.AddOptions<ReadinessOptions>().Bind(configuration.GetSection(ReadinessOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReadinessOptions>, ReadinessOptionsValidator>());

        services.TryAddSingleton<RecordCreates>();
        services.TryAddSingleton<RecordLeases>();
        services.TryAddSingleton<ClaimedWrites>();
        services.TryAddSingleton<ReferenceCommands>();
        services.TryAddSingleton<RecordJanitor>();
        services.TryAddSingleton<Stays.StaysQuery>();
        return services;
    }
}
