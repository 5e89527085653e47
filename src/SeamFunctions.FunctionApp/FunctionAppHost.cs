using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SeamFunctions;
using SeamFunctions.Inbound;

namespace SeamFunctions.FunctionApp;

/// <summary>The worker's host, built in one place so tests can build exactly what Azure runs.</summary>
internal static class FunctionAppHost
{
    /// <param name="settings">Tests only: settings on top of the environment, applied before anything is registered.</param>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureFunctionsWebApplication();
        builder.Logging.KeepUrlsOutOfLogs();
        builder.Services.AddSeamFunctions(builder.Configuration);
        return builder.AddAzureMonitorTelemetry();
    }
}
