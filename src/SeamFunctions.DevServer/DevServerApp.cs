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
        builder.Services.AddHostedService<Events.MinuteTimer>();
        builder.Services.AddHostedService<Intake.QueuedCommandRedriveTimer>();

        var app = builder.Build();
        _ = app.Services.GetRequiredService<IIdempotencyStore>(); // says at start-up where idempotency records live
        MapRoutes(app.MapGroup("/api"), app.Services);
        return app;
    }

    /// <summary>
    /// Each route a plain <see cref="RequestDelegate"/> on its endpoint, resolved at its first request and kept: the
    /// endpoints are singletons, so no request needs a DI scope or a generated parameter binder (resolving them at
    /// build time would run the options' start-up validation before the host starts, outside its error path).
    /// </summary>
    private static void MapRoutes(RouteGroupBuilder api, IServiceProvider services)
    {
        var credentials = Once<CredentialsEndpoint>(services);
        var lifecycle = Once<LifecycleEndpoint>(services);
        var seamEvents = Once<SeamEventsEndpoint>(services);
        var health = Once<HealthEndpoint>(services);
        var stays = Once<StaysEndpoint>(services);
        api.MapPost($"/{CredentialsEndpoint.Route}", context => credentials().HandleAsync(context));
        api.MapPost($"/{CredentialsEndpoint.SourceRoute}", context => credentials().HandleSourceAsync(context, RouteValue(context, "source")));
        api.MapPut($"/{LifecycleEndpoint.Route}", context => lifecycle().PutAsync(context, RouteValue(context, "reference")));
        api.MapDelete($"/{LifecycleEndpoint.Route}", context => lifecycle().DeleteAsync(context, RouteValue(context, "reference")));
        api.MapGet($"/{LifecycleEndpoint.Route}", context => lifecycle().GetAsync(context, RouteValue(context, "reference")));
        api.MapGet($"/{OpenApiEndpoint.Route}", OpenApiEndpoint.HandleAsync);
        api.MapPost($"/{SeamEventsEndpoint.Route}", context => seamEvents().HandleAsync(context));
        api.MapGet($"/{HealthEndpoint.Route}", context => health().HandleAsync(context));
        api.MapGet($"/{StaysEndpoint.Route}", context => stays().HandleAsync(context));
        api.MapGet($"/{BoardEndpoint.Route}", BoardEndpoint.HandleAsync);
        if (services.GetRequiredService<IConfiguration>()["DevServer:AdminKey"] is { Length: > 0 } adminKey)
        {
            var replay = Once<ReplayEndpoint>(services);
            api.MapPost($"/{ReplayEndpoint.Route}", context => AdminKey.Matches(context, adminKey) ? replay().HandleAsync(context) : AdminKey.RefuseAsync(context));
        }
    }

    private static Func<T> Once<T>(IServiceProvider services)
        where T : class
    {
        T? resolved = null;
        return () => resolved ??= services.GetRequiredService<T>();
    }

    private static string RouteValue(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;
}
