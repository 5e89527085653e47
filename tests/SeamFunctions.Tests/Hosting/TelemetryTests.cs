using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using SeamFunctions.FunctionApp;

namespace SeamFunctions.Tests.Hosting;

/// <summary>In Azure the app exports to Application Insights with its managed identity; locally it exports nothing.</summary>
public sealed class TelemetryTests
{
    private static IServiceProvider Build(string? connectionString) =>
        FunctionAppHost.CreateBuilder([], new Dictionary<string, string?>
        {
            ["KeyVault:Uri"] = "https://my-vault.vault.azure.net/",
            [TelemetryRegistration.ConnectionStringSetting] = connectionString,
        }).Build().Services;

    [Fact]
    public void WithAConnectionStringTracesAreExportedWithTheManagedIdentity()
    {
        var services = Build("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/");

        Assert.NotNull(services.GetService<TracerProvider>());
        var exporter = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;
        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        Assert.Same(services.GetRequiredService<TokenCredential>(), exporter.Credential);
    }

    [Fact]
    public void WithoutAConnectionStringNothingIsExported() =>
        Assert.Null(Build(null).GetService<TracerProvider>());
}
