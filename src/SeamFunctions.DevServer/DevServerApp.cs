using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SeamFunctions.Idempotency;
using SeamFunctions.Inbound;

namespace SeamFunctions.DevServer;

/// <summary>The DevServer: the function app's routes mapped to the very same handlers.</summary>
internal static class DevServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <param name="configure">Lets tests and the demo mode add configuration or replace services first.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(DefaultUrl);

        configure?.Invoke(builder);
        builder.Logging.KeepUrlsOutOfLogs();
        // On a developer's machine the vault is read as the signed-in developer (az login, VS, env vars).
        builder.Services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        builder.Services.AddSeamFunctions(builder.Configuration);
        // What the function app's queue and timer triggers do, done in this process.
        builder.Services.AddHostedService<Notifications.NotificationPump>();
        builder.Services.AddHostedService<Intake.CommandPump>();
        builder.Services.AddHostedService<Events.PendingAccessPollTimer>();

        var app = builder.Build();
        _ = app.Services.GetRequiredService<IIdempotencyStore>(); // says at start-up where idempotency records live
        var api = app.MapGroup("/api");
        api.MapPost($"/{CredentialsEndpoint.Route}", (HttpContext context, CredentialsEndpoint endpoint) => endpoint.HandleAsync(context));
        api.MapPost($"/{CredentialsEndpoint.SourceRoute}", (HttpContext context, string source, CredentialsEndpoint endpoint) => endpoint.HandleSourceAsync(context, source));
        api.MapPut($"/{LifecycleEndpoint.Route}", (HttpContext context, string reference, LifecycleEndpoint endpoint) => endpoint.PutAsync(context, reference));
        api.MapDelete($"/{LifecycleEndpoint.Route}", (HttpContext context, string reference, LifecycleEndpoint endpoint) => endpoint.DeleteAsync(context, reference));
        api.MapGet($"/{LifecycleEndpoint.Route}", (HttpContext context, string reference, LifecycleEndpoint endpoint) => endpoint.GetAsync(context, reference));
        api.MapGet($"/{OpenApiEndpoint.Route}", OpenApiEndpoint.HandleAsync);
        api.MapPost($"/{SeamEventsEndpoint.Route}", (HttpContext context, SeamEventsEndpoint endpoint) => endpoint.HandleAsync(context));
        api.MapGet($"/{HealthEndpoint.Route}", (HttpContext context, HealthEndpoint endpoint) => endpoint.HandleAsync(context));
        return app;
    }
}
