using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SeamFunctions.FakeSeam;

/// <summary>A fake Seam Connect on 127.0.0.1, over real HTTP (Kestrel). Stops when disposed.</summary>
public sealed class FakeSeamServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSeamServer(WebApplication app, FakeSeamState state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    public FakeSeamState State { get; }

    /// <summary>E.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<FakeSeamServer> StartAsync(int port = 0, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var state = new FakeSeamState();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<AcsCredentialRoutes>();
        builder.Services.AddSingleton<UserRoutes>();
        builder.Services.AddSingleton<AccessCodeRoutes>();
        builder.Services.AddSingleton<DeviceRoutes>();
        builder.Services.AddSingleton<AccessGrantRoutes>();
        builder.Services.AddSingleton<AccessMethodRoutes>();

        var app = builder.Build();
        MapRoutes(app);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeSeamServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Each Seam route the fake serves, to its resource's handler; anything else is Seam's 404.</summary>
    private static void MapRoutes(WebApplication app)
    {
        var credentials = app.Services.GetRequiredService<AcsCredentialRoutes>();
        app.MapPost("/acs/credentials/create", credentials.CreateAsync);
        app.MapPost("/acs/credentials/list", credentials.ListAsync);
        app.MapPost("/acs/credentials/get", credentials.GetAsync);
        app.MapPost("/acs/credentials/update", credentials.UpdateAsync);
        app.MapPost("/acs/credentials/delete", credentials.DeleteAsync);
        var users = app.Services.GetRequiredService<UserRoutes>();
        app.MapPost("/acs/users/get", users.GetAcsUserAsync);
        app.MapPost("/workspaces/get", users.GetWorkspaceAsync);
        app.MapPost("/user_identities/create", users.CreateIdentityAsync);
        app.MapPost("/user_identities/get", users.GetIdentityAsync);
        var codes = app.Services.GetRequiredService<AccessCodeRoutes>();
        app.MapPost("/access_codes/create", codes.CreateAsync);
        app.MapPost("/access_codes/get", codes.GetAsync);
        app.MapPost("/access_codes/update", codes.UpdateAsync);
        app.MapPost("/access_codes/delete", codes.DeleteAsync);
        app.MapPost("/access_codes/list", codes.ListAsync);
        app.MapPost("/access_codes/pull_backup_access_code", codes.PullBackupAsync);
        var devices = app.Services.GetRequiredService<DeviceRoutes>();
        app.MapPost("/devices/get", devices.GetAsync);
        app.MapPost("/devices/simulate/disconnect", devices.DisconnectAsync);
        app.MapPost("/devices/simulate/connect", devices.ConnectAsync);
        var grants = app.Services.GetRequiredService<AccessGrantRoutes>();
        app.MapPost("/access_grants/create", grants.CreateAsync);
        app.MapPost("/access_grants/get", grants.GetAsync);
        app.MapPost("/access_grants/list", grants.ListAsync);
        app.MapPost("/access_grants/update", grants.UpdateAsync);
        app.MapPost("/access_grants/delete", grants.DeleteAsync);
        app.MapPost("/access_grants/request_access_methods", grants.RequestMethodsAsync);
        var methods = app.Services.GetRequiredService<AccessMethodRoutes>();
        app.MapPost("/access_methods/list", methods.ListAsync);
        app.MapPost("/access_methods/get", methods.GetAsync);
        app.MapPost("/access_methods/delete", methods.DeleteAsync);
        app.MapPost("/spaces/get", methods.GetSpaceAsync);
        app.MapPost("/spaces/list", methods.ListSpacesAsync);
        app.MapFallback((RequestDelegate)UserRoutes.NotFoundAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
