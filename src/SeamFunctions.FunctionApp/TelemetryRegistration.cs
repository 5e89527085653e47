using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SeamFunctions.Upstream;

namespace SeamFunctions.FunctionApp;

/// <summary>
/// Logs, the function's request spans and the outbound Seam calls, exported to Application Insights with the
/// app's managed identity (the resource accepts no other auth). Off when no connection string is set (local runs).
/// What is exported: log templates and their ids/codes, span names, status codes and durations, URLs without
/// query strings. Never headers or bodies, so never a PIN or a key.
/// </summary>
internal static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static FunctionsApplicationBuilder AddAzureMonitorTelemetry(this FunctionsApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[ConnectionStringSetting]))
            return builder;

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSeamFunctionsSources())
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(exporter => exporter.ConnectionString = builder.Configuration[ConnectionStringSetting]);
        builder.Services.AddOptions<AzureMonitorExporterOptions>()
            .Configure<TokenCredential>((exporter, credential) => exporter.Credential = credential);
        return builder;
    }

    /// <summary>
    /// The spans exported: one per Seam operation (with its outcome and seam_request_id), one per notification
    /// attempt, and outbound HTTP without exceptions. The alert rules' and workbook's queries read these (a test runs
    /// the app through this same configuration with an in-memory exporter and checks every name they rely on).
    /// </summary>
    public static TracerProviderBuilder AddSeamFunctionsSources(this TracerProviderBuilder tracing) => tracing
        .AddSource(SeamClient.ActivitySourceName)
        .AddSource(Notifications.NotificationDelivery.ActivitySourceName)
        .AddHttpClientInstrumentation(http => http.RecordException = false);
}
