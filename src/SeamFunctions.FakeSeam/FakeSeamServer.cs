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
        builder.Services.AddSingleton<FakeSeamRoutes>();

        var app = builder.Build();
        var routes = app.Services.GetRequiredService<FakeSeamRoutes>();
        app.MapPost("/acs/credentials/create", routes.CreateCredentialAsync);
        app.MapPost("/acs/credentials/list", routes.ListCredentialsAsync);
        app.MapPost("/acs/credentials/get", routes.GetCredentialAsync);
        app.MapPost("/acs/credentials/update", routes.UpdateCredentialAsync);
        app.MapPost("/acs/credentials/delete", routes.DeleteCredentialAsync);
        app.MapPost("/acs/users/get", routes.GetUserAsync);
        app.MapPost("/user_identities/create", routes.CreateUserIdentityAsync);
        app.MapPost("/user_identities/get", routes.GetUserIdentityAsync);
        app.MapFallback((RequestDelegate)FakeSeamRoutes.NotFoundAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeSeamServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
