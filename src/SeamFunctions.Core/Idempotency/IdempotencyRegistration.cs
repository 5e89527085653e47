using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SeamFunctions.Idempotency;

internal static class IdempotencyRegistration
{
    /// <summary>Identity-based storage (the function app's own account), as the Functions host reads it.</summary>
    public const string TableServiceUriSetting = "AzureWebJobsStorage:tableServiceUri";
    public const string AccountNameSetting = "AzureWebJobsStorage:accountName";

    /// <summary>A connection string: local development (Azurite) only.</summary>
    public const string ConnectionStringSetting = "AzureWebJobsStorage";

    /// <summary>
    /// Records go to Azure Table Storage in the function app's storage account, reached with the app's identity
    /// (<c>AzureWebJobsStorage__tableServiceUri</c> or <c>__accountName</c>), or with a connection string locally.
    /// With neither, they are kept in memory (DevServer, single instance).
    /// </summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());

        var tableServiceUri = configuration[TableServiceUriSetting] is { Length: > 0 } uri
            ? new Uri(uri)
            : configuration[AccountNameSetting] is { Length: > 0 } account ? new Uri($"https://{account}.table.core.windows.net/") : null;
        var connectionString = configuration[ConnectionStringSetting];

        if (tableServiceUri is not null || !string.IsNullOrEmpty(connectionString))
        {
            services.TryAddSingleton<IIdempotencyStore>(provider =>
            {
                var service = tableServiceUri is not null
                    ? new TableServiceClient(tableServiceUri, provider.GetRequiredService<TokenCredential>())
                    : new TableServiceClient(connectionString);
                var store = new TableIdempotencyStore(service.GetTableClient(provider.GetRequiredService<IOptions<IdempotencyOptions>>().Value.TableName));
                var logger = provider.GetRequiredService<ILogger<TableIdempotencyStore>>();
                IdempotencyLog.Store(logger, store.Name);
                return store;
            });
        }
        else
        {
            services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        }

        services.TryAddSingleton<CredentialReconciler>();
        services.TryAddSingleton<ExactlyOnceIssuer>();
        services.TryAddSingleton<IdempotencyJanitor>();
        return services;
    }
}
