using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SeamFunctions;

namespace SeamFunctions.FunctionApp;

/// <summary>The worker's host, built in one place so tests can build exactly what Azure runs.</summary>
internal static class FunctionAppHost
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSeamFunctions(builder.Configuration);
        return builder;
    }
}
