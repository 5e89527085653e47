using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SeamFunctions.Storage;

namespace SeamFunctions.Idempotency;

internal static class IdempotencyRegistration
{
    /// <summary>Records in Azure Table Storage in the function app's own account (see <see cref="StorageAccount"/>), else in memory.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());

        if (StorageAccount.Tables(configuration) is { } tables)
        {
            services.TryAddSingleton<IIdempotencyStore>(provider =>
            {
                var store = new TableIdempotencyStore(tables(provider).GetTableClient(provider.GetRequiredService<IOptions<IdempotencyOptions>>().Value.TableName));
                var logger = provider.GetRequiredService<ILogger<TableIdempotencyStore>>();
                IdempotencyLog.Store(logger, store.Name);
                return store;
            });
        }
        else
        {
            services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        }

        return services;
    }
}
