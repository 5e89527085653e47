using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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
    public const string QueueServiceUriSetting = "AzureWebJobsStorage:queueServiceUri";

    /// <summary>How queue messages are written; host.json's <c>queues.messageEncoding</c> must read them the same way.</summary>
    public const QueueMessageEncoding MessageEncoding = QueueMessageEncoding.Base64;

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

    /// <summary>How to reach the Queue service (messages base64, as the Functions queue trigger reads them), or null when none is configured.</summary>
    public static Func<IServiceProvider, QueueServiceClient>? Queues(IConfiguration configuration)
    {
        var options = new QueueClientOptions { MessageEncoding = MessageEncoding };
        var queueServiceUri = configuration[QueueServiceUriSetting] is { Length: > 0 } uri
            ? new Uri(uri)
            : configuration[AccountNameSetting] is { Length: > 0 } account ? new Uri($"https://{account}.queue.core.windows.net/") : null;
        if (queueServiceUri is not null)
            return provider => new QueueServiceClient(queueServiceUri, provider.GetRequiredService<TokenCredential>(), options);
        var connectionString = configuration[ConnectionStringSetting];
        return string.IsNullOrEmpty(connectionString) ? null : _ => new QueueServiceClient(connectionString, options);
    }
}
