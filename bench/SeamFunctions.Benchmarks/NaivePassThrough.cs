using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// Calibration only (--naive): the plainest .NET hop — Kestrel, read the body, one shared HttpClient, copy the
/// answer — to see how much of the adapter's cost is the platform's and how much its own.
/// </summary>
internal static class NaivePassThrough
{
    public static async Task<WebApplication> StartAsync(string upstream, string urls = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", urls]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(upstream) };
        app.MapPost("/naive", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            using var content = new ByteArrayContent(body.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("acs/credentials/create", content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(bytes);
        });
        await app.StartAsync();
        return app;
    }
}
