using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SeamFunctions.Storage;

/// <summary>
/// The function app's own storage account, as the Functions host reads it: with the app's identity
/// (<c>AzureWebJobsStorage__tableServiceUri</c> or <c>__accountName</c>), or a connection string locally (Azurite).
/// With neither, records are kept in memory (DevServer, single instance).
/// </summary>
internal static class StorageAccount
{
    public const string TableServiceUriSetting = "AzureWebJobsStorage:tableServiceUri";
    public const string AccountNameSetting = "AzureWebJobsStorage:accountName";

    /// <summary>A connection string: local development (Azurite) only.</summary>
    public const string ConnectionStringSetting = "AzureWebJobsStorage";

    /// <summary>How to reach the Table service, or null when none is configured.</summary>
    public static Func<IServiceProvider, TableServiceClient>? Tables(IConfiguration configuration)
    {
        var tableServiceUri = configuration[TableServiceUriSetting] is { Length: > 0 } uri
            ? new Uri(uri)
            : configuration[AccountNameSetting] is { Length: > 0 } account ? new Uri($"https://{account}.table.core.windows.net/") : null;
        if (tableServiceUri is not null)
            return provider => new TableServiceClient(tableServiceUri, provider.GetRequiredService<TokenCredential>());
        var connectionString = configuration[ConnectionStringSetting];
        return string.IsNullOrEmpty(connectionString) ? null : _ => new TableServiceClient(connectionString);
    }
}
