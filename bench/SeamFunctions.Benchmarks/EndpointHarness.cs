using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SeamFunctions.DevServer;
using SeamFunctions.Inbound;
using SeamFunctions.Upstream;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// The keyless POST through the DevServer's own services and endpoint, with Seam answering from memory after a
/// yield (so every await on the way suspends, as on a socket): the adapter's CPU and allocations per request with
/// Kestrel and the sockets left out.
/// </summary>
internal sealed class EndpointHarness
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(Upstream.AdapterBody);
    private readonly CredentialsEndpoint _endpoint;

    public EndpointHarness()
    {
        var app = DevServerApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seam:ApiKey"] = "seam_bench_key", ["KeyVault:Uri"] = "", ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton(new SeamTransport(new HttpMessageInvoker(new InMemorySeam(Encoding.UTF8.GetBytes(Upstream.CreatedCredential))),
                new Uri("http://seam.invalid/"), TimeSpan.FromSeconds(15), TimeProvider.System));
        });
        _endpoint = app.Services.GetRequiredService<CredentialsEndpoint>();
    }

    public async Task RunOnceAsync()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = _body.Length;
        context.Request.Body = new MemoryStream(_body, writable: false);
        context.Response.Body = Stream.Null;
        await _endpoint.HandleAsync(context);
        if (context.Response.StatusCode != 201)
            throw new InvalidOperationException($"expected 201, got {context.Response.StatusCode}");
    }

    private sealed class InMemorySeam(byte[] answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer) };
        }
    }
}
